namespace ScriptService.Generation.Offline.Phrasebooks;

internal static partial class EnglishPhrasebook
{
    // Section text stays neutral in tone and works for any noun-phrase topic: the topic appears in frames such as
    // "about {topic}" or "{topic} is about", never where English grammar would need its number or article.
    private static Dictionary<SectionKind, SectionPhrases> CreateSections() => new()
    {
        [SectionKind.Overview] = new SectionPhrases
        {
            Heading = "What it is really about",
            Summary = "what the topic really covers",
            Lead = "At its heart, {topic} is about a handful of ideas that fit together, and once you see how they connect, the whole subject becomes easier to follow.",
            Units =
            [
                "A useful way in is to ask three plain questions: where does it come from, how does it work in practice, and who does it affect?",
                "Keep those questions in mind, because each part that follows answers at least one of them.",
                "Many people meet {topic} in bits and pieces, a headline here and a conversation there, without ever seeing the whole picture.",
                "Putting those pieces in order is exactly what we are doing today, and all it takes is a little curiosity and patience.",
            ],
        },
        [SectionKind.WhyItMatters] = new SectionPhrases
        {
            Heading = "Why it matters",
            Summary = "why it matters",
            Lead = "The reason {topic} deserves attention is simple: it is connected to more of everyday life than most people realise.",
            Units =
            [
                "{motivation}",
                "When it is understood well, it leads to better choices; when it is misunderstood, small mistakes quietly pile up.",
                "It also connects to many other subjects, so what you learn here tends to pay off in places you did not expect.",
                "And because the subject keeps changing, a clear foundation today makes tomorrow's news much easier to read.",
            ],
        },
        [SectionKind.KeyIdeas] = new SectionPhrases
        {
            Heading = "Three key ideas",
            Summary = "the three key ideas behind it",
            Lead = "Three key ideas help make sense of {topic}: it works as a system, it runs on cause and effect, and it involves trade-offs.",
            Units =
            [
                "First, the system: several parts influence each other, so changing one part changes the rest.",
                "Second, cause and effect: it pays to ask what leads to what, and how quickly the effects appear.",
                "Third, trade-offs: almost every choice brings both benefits and costs, and seeing both sides is the mark of real understanding.",
                "If you remember only these three ideas, you already hold a map that many people never draw.",
                "Try restating each idea in your own words; if you can explain it simply, you have truly understood it.",
            ],
        },
        [SectionKind.Misconceptions] = new SectionPhrases
        {
            Heading = "Common misconceptions",
            Summary = "the most common misconceptions",
            Lead = "One common misconception is that {topic} is only for specialists, when in fact its basics are within everyone's reach.",
            Units =
            [
                "Another is that every question has one simple answer; in real situations, the answer usually depends on context.",
                "A third is that what was true ten years ago must still be true today, even though knowledge and evidence keep moving.",
                "Misconceptions like these are not a sign of carelessness; they spread because they are simple and easy to repeat.",
                "A good habit is to ask where a claim comes from and whether the evidence behind it is still current.",
            ],
        },
        [SectionKind.Examples] = new SectionPhrases
        {
            Heading = "Seeing it in action",
            Summary = "a few concrete examples",
            // The scenario is part of the lead: a section that promises a situation must always show one.
            Lead = "Ideas become clearer when we watch them at work, so let us look at {topic} in a real situation. {example} {example2}",
            Units =
            [
                "Notice how the three key ideas appear again: parts that affect each other, causes with effects, and choices with trade-offs.",
                "Once you start looking, you will find examples like this almost everywhere.",
            ],
        },
        [SectionKind.PracticalSteps] = new SectionPhrases
        {
            Heading = "Putting it into practice",
            Summary = "how to put it into practice",
            Lead = "The best way to apply what you know about {topic} {context} is to start small: pick one idea from today and look for it in your own experience this week.",
            Units =
            [
                "{tip}",
                "{tip2}",
                "Then write down what you noticed, because putting thoughts into words turns vague impressions into real understanding.",
                "Progress may feel slow at first, and that is normal; steady effort beats occasional bursts.",
            ],
        },
        [SectionKind.Challenges] = new SectionPhrases
        {
            Heading = "Challenges and limits",
            Summary = "the main challenges",
            Lead = "It would be unfair to present {topic} without its difficulties, so let us be honest: information on the subject can be incomplete or contradictory, and the most reliable sources are not always the loudest.",
            Units =
            [
                "There are practical limits too, such as time, cost and habit, which make good intentions hard to follow through.",
                "None of these challenges is a reason to give up; they are simply the terrain you need to know before you set out.",
                "Naming a difficulty clearly is often the first step toward solving it.",
            ],
        },
        [SectionKind.FutureOutlook] = new SectionPhrases
        {
            Heading = "Looking ahead",
            Summary = "where things may be heading",
            Lead = "Looking ahead, {topic} will likely keep evolving as new tools, new research and new questions appear.",
            Units =
            [
                "The people who benefit most will be those who keep learning instead of assuming they already know enough.",
                "That is why a solid foundation matters more than memorising any single fact.",
                "Keep an eye on trusted sources, and revisit your understanding from time to time.",
                "What feels advanced today often becomes common knowledge tomorrow.",
            ],
        },
    };
}
