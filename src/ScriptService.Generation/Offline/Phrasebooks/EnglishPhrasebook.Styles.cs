namespace ScriptService.Generation.Offline.Phrasebooks;

internal static partial class EnglishPhrasebook
{
    private static Dictionary<ScriptStyle, StylePhrases> CreateStyles() => new()
    {
        [ScriptStyle.Informative] = new StylePhrases
        {
            DescriptionLead = "An informative script",
            TitlePatterns = ["{Topic}: a clear guide {for}", "{Topic}, explained {for}"],
            Hooks =
            [
                new("Today we are taking a clear, step-by-step look at {topic}.", "By the end, you will know what it is, why it matters and how to use what you learn."),
                new("How well do you really know {topic}?", "In the next few minutes, we will go through the essentials, one idea at a time."),
            ],
            LeadIns = new Dictionary<SectionKind, Template>
            {
                [SectionKind.Overview] = "Let us begin with the basics.",
                [SectionKind.WhyItMatters] = "So why should this matter to you?",
                [SectionKind.KeyIdeas] = "Now for the core of the subject.",
                [SectionKind.Misconceptions] = "Next, let us clear up a few myths.",
                [SectionKind.Examples] = "Theory is easier to grasp with examples.",
                [SectionKind.PracticalSteps] = "Now, how do you use all of this?",
                [SectionKind.Challenges] = "No subject is without its difficulties.",
                [SectionKind.FutureOutlook] = "Finally, let us look to the future.",
            },
            Asides =
            [
                "Keep this point in mind, because we will come back to it.",
                "This is a good moment to pause and jot down a quick note.",
                "It is a small point, but it makes the next part much easier.",
                "If this is the only thing you remember, you are already ahead.",
            ],
            Closings = ["That brings us to the end of our overview of {topic}.", "And that is {topic} in a nutshell."],
            SignOff = "Thanks for your attention, and see you next time.",
        },
        [ScriptStyle.Casual] = new StylePhrases
        {
            DescriptionLead = "A relaxed, friendly script",
            TitlePatterns = ["Let's talk about {topic}: a relaxed chat {for}", "{Topic}, the easy way: a friendly chat {for}"],
            Hooks =
            [
                new("Hey, glad you're here! Let's chat about {topic} for a few minutes.", "No jargon, no pressure, just the good stuff."),
                new("So, {topic}. You've probably heard about it more than once, right?", "Let's unpack it together, nice and easy."),
            ],
            LeadIns = new Dictionary<SectionKind, Template>
            {
                [SectionKind.Overview] = "Okay, first things first.",
                [SectionKind.WhyItMatters] = "But honestly, why should you care?",
                [SectionKind.KeyIdeas] = "Here's the part that makes everything click.",
                [SectionKind.Misconceptions] = "Quick detour: let's bust a few myths.",
                [SectionKind.Examples] = "Let me show you what I mean.",
                [SectionKind.PracticalSteps] = "Alright, so what can you actually do with all this?",
                [SectionKind.Challenges] = "Now, I won't pretend it's all easy.",
                [SectionKind.FutureOutlook] = "And what's next? Glad you asked.",
            },
            Asides =
            [
                "Pretty neat, right?",
                "Stick with me, it gets better.",
                "See? Not so complicated after all.",
                "Honestly, that one surprised me too.",
            ],
            Closings = ["And that's a wrap on {topic}!", "So that's the scoop on {topic}."],
            SignOff = "Thanks for hanging out, and catch you next time!",
        },
        [ScriptStyle.Humorous] = new StylePhrases
        {
            DescriptionLead = "A light-hearted, humorous script",
            TitlePatterns = ["{Topic}, but make it fun: a light-hearted take {for}", "{Topic} without the boring bits: a fun guide {for}"],
            Hooks =
            [
                new("Let's talk about {topic}, a subject that sounds serious until you realise it has been hiding in plain sight all along.", "Grab a snack; this will be more fun than it sounds."),
                new("If {topic} were a movie character, it would be the quiet one who turns out to be running the whole show.", "Let's find out why, and try not to laugh too loudly along the way."),
            ],
            LeadIns = new Dictionary<SectionKind, Template>
            {
                [SectionKind.Overview] = "First, the basics: the part everyone promises not to skip, and then skips.",
                [SectionKind.WhyItMatters] = "Now the million-dollar question: why bother?",
                [SectionKind.KeyIdeas] = "Time for the big ideas; please hold your applause until the end.",
                [SectionKind.Misconceptions] = "Let's bust some myths, no lab coat required.",
                [SectionKind.Examples] = "Example time, because nobody ever got excited about a definition.",
                [SectionKind.PracticalSteps] = "Now the practical part, where we pretend we were paying attention all along.",
                [SectionKind.Challenges] = "Of course, it's not all sunshine and free samples.",
                [SectionKind.FutureOutlook] = "And now, a peek into the future, no crystal ball needed.",
            },
            Asides =
            [
                "If you nodded along just now, congratulations: you officially know more than your phone's autocorrect.",
                "Feel free to repeat that at your next family dinner; results may vary.",
                "And no, there will not be a pop quiz. Probably.",
                "Write that down, or at least pretend to, like we all did at school.",
            ],
            Closings = ["And there you have it: {topic}, explained without a single boring slide. Well, almost.", "Congratulations, you now know more about {topic} than most people at a party."],
            SignOff = "Thanks for sticking around, and remember: stay curious, and stay hydrated.",
        },
        [ScriptStyle.Formal] = new StylePhrases
        {
            DescriptionLead = "A formal script",
            TitlePatterns = ["{Topic}: a structured overview {for}", "An examination of {topic}, prepared {for}"],
            Hooks =
            [
                new("This presentation examines {topic}: its foundations, its significance and its practical implications.", "The aim is to provide a structured and accurate overview."),
                new("Good day. The subject of this address is {topic}.", "We will proceed systematically, from core concepts to practical recommendations."),
            ],
            LeadIns = new Dictionary<SectionKind, Template>
            {
                [SectionKind.Overview] = "We begin by defining the scope of the subject.",
                [SectionKind.WhyItMatters] = "The significance of the subject warrants careful consideration.",
                [SectionKind.KeyIdeas] = "The following principles form its conceptual core.",
                [SectionKind.Misconceptions] = "Several widespread misconceptions merit correction.",
                [SectionKind.Examples] = "These principles are best illustrated through concrete cases.",
                [SectionKind.PracticalSteps] = "The following recommendations are offered for practical application.",
                [SectionKind.Challenges] = "It is necessary to acknowledge the principal challenges.",
                [SectionKind.FutureOutlook] = "To conclude the analysis, we consider likely future developments.",
            },
            Asides =
            [
                "This point will be revisited in the concluding remarks.",
                "The implications of this observation are considerable.",
                "This distinction is essential to what follows.",
                "The point deserves emphasis, as it is frequently overlooked.",
            ],
            Closings = ["This concludes our examination of {topic}.", "In summary, {topic} rewards careful and structured study."],
            SignOff = "Thank you for your attention.",
        },
        [ScriptStyle.Inspirational] = new StylePhrases
        {
            DescriptionLead = "An inspiring script",
            TitlePatterns = ["Discovering {topic}: an inspiring journey {for}", "{Topic} and you: an inspiring guide {for}"],
            Hooks =
            [
                new("Every big change starts with one person deciding to understand something better, and today that something is {topic}.", "Let's take that first step together."),
                new("Imagine what becomes possible when you truly understand {topic}.", "That possibility is where our journey begins today."),
            ],
            LeadIns = new Dictionary<SectionKind, Template>
            {
                [SectionKind.Overview] = "Every journey begins with knowing where you stand.",
                [SectionKind.WhyItMatters] = "Here is why this matters more than you might think.",
                [SectionKind.KeyIdeas] = "These ideas can change the way you see the world.",
                [SectionKind.Misconceptions] = "Let go of the myths that hold so many people back.",
                [SectionKind.Examples] = "Real people prove every day that this is possible.",
                [SectionKind.PracticalSteps] = "Now it is time to turn understanding into action.",
                [SectionKind.Challenges] = "Yes, there will be obstacles, and you can meet them.",
                [SectionKind.FutureOutlook] = "The future belongs to those who keep learning.",
            },
            Asides =
            [
                "Small steps, repeated every day, become big results.",
                "You are more capable than you think.",
                "Every expert was once a beginner.",
                "What you do with this knowledge is where the real story begins.",
            ],
            Closings = ["Understanding {topic} is not the finish line; it is the starting line.", "You now carry a clearer picture of {topic}, and no one can take that from you."],
            SignOff = "Keep going; your next step starts now.",
        },
        [ScriptStyle.Storytelling] = new StylePhrases
        {
            DescriptionLead = "A story-driven script",
            TitlePatterns = ["Maya and {topic}: a story {for}", "The story of {topic}, told {for}"],
            Hooks =
            [
                new("Maya had heard people mention {topic} for years, but she never thought it had anything to do with her.", "Then, one ordinary afternoon, a single question changed her mind."),
                new("Let me tell you a story about {topic}, and about a curious woman named Maya who decided to find out what it really meant.", "Her journey is a lot like the one we are about to take."),
            ],
            LeadIns = new Dictionary<SectionKind, Template>
            {
                [SectionKind.Overview] = "Maya's first step was simply to find out what the subject was really about.",
                [SectionKind.WhyItMatters] = "Soon she realised why it mattered, not just to experts, but to her.",
                [SectionKind.KeyIdeas] = "As she read on, three ideas kept coming back.",
                [SectionKind.Misconceptions] = "Along the way, Maya discovered that some of what she believed was simply wrong.",
                [SectionKind.Examples] = "Then she started noticing it in her own life.",
                [SectionKind.PracticalSteps] = "Knowing was not enough, so Maya decided to act.",
                [SectionKind.Challenges] = "Of course, her path was not perfectly smooth.",
                [SectionKind.FutureOutlook] = "When she looked ahead, Maya felt something new: confidence.",
            },
            Asides =
            [
                "Maya wrote that thought down in her notebook.",
                "She smiled; it was starting to make sense.",
                "Slowly, the pieces were falling into place.",
                "She could hardly wait to tell her friends.",
            ],
            Closings = ["Maya's story with {topic} did not end there, and neither does yours.", "By the end of her journey, {topic} was no longer a mystery to Maya."],
            SignOff = "And that, for today, is where our story ends.",
        },
    };
}
