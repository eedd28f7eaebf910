namespace ScriptService.Generation.Offline.Phrasebooks;

internal static partial class EnglishPhrasebook
{
    private static Dictionary<AudienceKind, AudiencePhrases> CreateAudiences() => new()
    {
        [AudienceKind.General] = new AudiencePhrases
        {
            Address = "you",
            FormalAddress = "you",
            Label = "a general audience",
            For = "for everyone",
            Context = "in everyday life",
            Promise = "Whoever you are, you will leave with a clear picture and a few ideas you can use right away.",
            Motivation = "For most of us, it quietly touches daily routines, from the news we read to the choices we make at home.",
            Example =
            [
                "Picture an ordinary week: a news story, a chat with a friend and a small decision at the shop, each touched by {topic} in some way.",
                "Looking closely at those moments shows the key ideas at work in everyday life.",
            ],
            Tips =
            [
                "Set aside ten minutes a week to read one reliable article on the subject.",
                "Talk it over with friends or family, because a different point of view often reveals something new.",
            ],
            CallToAction = "If this was useful, share it with someone who might enjoy it too, and tell us which part you would like to explore next.",
        },
        [AudienceKind.Students] = new AudiencePhrases
        {
            Address = "you",
            FormalAddress = "you",
            Label = "students",
            For = "for students",
            Context = "in your studies",
            Promise = "Whether you are preparing for an exam or simply curious, this will give you a solid base to build on.",
            Motivation = "For students, it shows up in lessons, projects and exams, and a solid grasp of it makes related subjects easier too.",
            Example =
            [
                "Imagine a class project on {topic}: your team has five minutes to explain it to the rest of the class.",
                "The teams that do best start from the key ideas and then choose one vivid example for each.",
            ],
            Tips =
            [
                "Summarise each part of your notes in a single sentence, then test yourself without looking.",
                "Form a small study group and take turns explaining one idea each.",
            ],
            CallToAction = "Try explaining today's ideas to a classmate, and bring your questions to your next lesson.",
        },
        [AudienceKind.Children] = new AudiencePhrases
        {
            Address = "you",
            FormalAddress = "you",
            Label = "young learners",
            For = "for kids",
            Context = "at home and at school",
            Promise = "We will keep it simple, fun and full of things you can try yourself.",
            Motivation = "Even for kids, it matters, because it is part of the world you see around you every single day.",
            Example =
            [
                "Think about your own day: at breakfast, on the way to school or while playing with friends, you might spot {topic} without even knowing it.",
                "Being a detective who spots these things is a great way to learn.",
            ],
            Tips =
            [
                "Draw a picture of one thing you learned today and show it to someone at home.",
                "Ask a grown-up one question about it tonight and see what they say.",
            ],
            CallToAction = "Tell a friend or someone in your family one new thing you learned today!",
        },
        [AudienceKind.Professionals] = new AudiencePhrases
        {
            Address = "you",
            FormalAddress = "you",
            Label = "professionals",
            For = "for professionals",
            Context = "in your work",
            Promise = "The focus is on what holds up in practice and what you can apply in your work straight away.",
            Motivation = "For professionals, it affects decisions, risks and opportunities, and a clear view of it is a genuine advantage.",
            Example =
            [
                "Consider a team deciding how {topic} should shape next quarter's plans.",
                "Teams that start from clear principles and check their assumptions tend to make sounder decisions, and make them faster.",
            ],
            Tips =
            [
                "Pick one current project and note where the key ideas already apply.",
                "Share a short summary with your team and agree on one concrete change to test.",
            ],
            CallToAction = "Take one idea from today into your next meeting, and see what changes.",
        },
        [AudienceKind.Beginners] = new AudiencePhrases
        {
            Address = "you",
            FormalAddress = "you",
            Label = "beginners",
            For = "for beginners",
            Context = "as you get started",
            Promise = "No prior knowledge is needed; we will build everything from the ground up.",
            Motivation = "For anyone starting out, a clear foundation saves a lot of confusion later on.",
            Example =
            [
                "Picture someone who knows nothing about {topic} and has one free afternoon to learn.",
                "If they follow the key ideas in order, by the evening they can explain the basics to a friend.",
            ],
            Tips =
            [
                "Learn one new term a day and use it in a sentence of your own.",
                "Do not worry about mistakes; each one shows you what to learn next.",
            ],
            CallToAction = "Choose one small step from today and take it this week; you will be surprised how quickly you improve.",
        },
        [AudienceKind.Parents] = new AudiencePhrases
        {
            Address = "you",
            FormalAddress = "you",
            Label = "parents",
            For = "for parents",
            Context = "with your family",
            Promise = "You will come away with simple ways to explain it and to explore it together with your children.",
            Motivation = "For parents, it is part of the world your children are growing up in, and sooner or later they will ask you about it.",
            Example =
            [
                "Imagine your child asks about {topic} at the dinner table.",
                "Instead of a long lecture, you might start with one key idea and a question back: what do you think?",
            ],
            Tips =
            [
                "Explore the subject together through a book, a walk or a short video, then talk about it.",
                "Let your child teach you one thing they learned, which builds both knowledge and confidence.",
            ],
            CallToAction = "Start a conversation about it at home this week, and let curiosity lead the way.",
        },
        [AudienceKind.Teachers] = new AudiencePhrases
        {
            Address = "you",
            FormalAddress = "you",
            Label = "teachers",
            For = "for teachers",
            Context = "in your classroom",
            Promise = "You will find a structure you can adapt for your own lessons.",
            Motivation = "For teachers, it offers rich material for lessons that connect knowledge with students' real lives.",
            Example =
            [
                "Picture a lesson that opens with a question about {topic} instead of a definition.",
                "Students who start by guessing and discussing tend to remember the key ideas far longer.",
            ],
            Tips =
            [
                "Open your next lesson with a real-life question and let students propose answers first.",
                "End with a one-minute reflection in which each student writes down the idea they found most useful.",
            ],
            CallToAction = "Adapt one part of this script for your next lesson, and share what worked with your colleagues.",
        },
    };
}
