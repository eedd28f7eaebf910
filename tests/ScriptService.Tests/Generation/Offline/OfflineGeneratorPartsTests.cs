using ScriptService.Generation;
using ScriptService.Generation.Offline;
using ScriptService.Generation.Offline.Phrasebooks;

namespace ScriptService.Tests.Generation.Offline;

public sealed class OfflineGeneratorPartsTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("   ", 0)]
    [InlineData("one", 1)]
    [InlineData("  two\twords\n", 2)]
    [InlineData("## Mở đầu\nXin chào — bạn!", 7)]
    public void WordCounter_Count_CountsWhitespaceSeparatedRuns(string text, int expected)
    {
        Assert.Equal(expected, WordCounter.Count(text));
    }

    [Theory]
    [InlineData("Story-Telling", ScriptStyleName.Storytelling)]
    [InlineData("  FUNNY ", ScriptStyleName.Humorous)]
    [InlineData("hài hước", ScriptStyleName.Humorous)]
    [InlineData("truyền cảm hứng", ScriptStyleName.Inspirational)]
    [InlineData("a formal tone, please", ScriptStyleName.Formal)]
    [InlineData("jazz", ScriptStyleName.Informative)]
    [InlineData(null, ScriptStyleName.Informative)]
    public void StyleResolver_Resolve_MapsAliasesAndFallsBackToInformative(string? style, ScriptStyleName expected)
    {
        Assert.Equal((int)expected, (int)StyleResolver.Resolve(style));
    }

    [Theory]
    [InlineData("students", AudienceName.Students, null)]
    [InlineData("High-school students", AudienceName.Students, null)]
    [InlineData("parents of young children", AudienceName.Parents, null)]
    [InlineData("người mới bắt đầu", AudienceName.Beginners, null)]
    [InlineData("học sinh tiểu học", AudienceName.Students, null)]
    [InlineData("", AudienceName.General, null)]
    [InlineData(null, AudienceName.General, null)]
    [InlineData("  marine   biologists. ", AudienceName.General, "marine biologists")]
    public void AudienceResolver_Resolve_MapsAliasesAndKeepsUnknownLabel(string? audience, AudienceName expected, string? label)
    {
        var resolved = AudienceResolver.Resolve(audience);

        Assert.Equal((int)expected, (int)resolved.Kind);
        Assert.Equal(label, resolved.CustomLabel);
    }

    [Fact]
    public void SourceParser_Parse_ClassifiesNumbersAndShortensSources()
    {
        var longPassage = string.Join(' ', Enumerable.Repeat("word", 60));

        var sources = SourceParser.Parse(["  ", "“A Short History of Nearly Everything.”", "https://example.org/a?b=c", "First sentence has exactly enough words to count as a passage here. Second one.", longPassage]);

        Assert.Equal([1, 2, 3, 4], sources.Select(s => s.Number));
        Assert.Equal(SourceKind.Title, sources[0].Kind);
        Assert.Equal("A Short History of Nearly Everything", sources[0].Excerpt);
        Assert.Equal(SourceKind.Link, sources[1].Kind);
        Assert.Equal(SourceKind.Passage, sources[2].Kind);
        Assert.Equal("First sentence has exactly enough words to count as a passage here.", sources[2].Excerpt);
        Assert.Equal(SourceParser.MaxQuoteWords, WordCounter.Count(sources[3].Excerpt));
        Assert.EndsWith("…", sources[3].Excerpt, StringComparison.Ordinal);
        Assert.Equal(SourceParser.MaxListEntryWords, WordCounter.Count(sources[3].ListEntry));
    }

    [Fact]
    public void Template_Render_FillsCapitalizesAndLeavesValuesUnscanned()
    {
        var values = new TemplateValues { Topic = "đổi mới {you}", Address = "bạn", Audience = "mọi người", AudienceFor = "dành cho mọi người", Context = "hằng ngày" };

        Assert.Equal("Đổi mới {you} — bạn, Bạn.", new Template("{Topic} — {you}, {You}.").Render(values));
        Assert.Equal("“…¿Đổi mới {you}", new Template("“…¿{Topic}").Render(values));
        Assert.Equal("no placeholders", new Template("no placeholders").Render(values));
        Assert.Equal(string.Empty, new Template(string.Empty).Render(values));
        Assert.Throws<InvalidOperationException>(() => new Template("{quote}").Render(values));
        Assert.Throws<InvalidOperationException>(() => new Template("{quote}").ShapeWith(values));
        Assert.Throws<InvalidOperationException>(() => new Template("{nope}"));
        Assert.Throws<InvalidOperationException>(() => new Template("{topic"));
        Assert.Throws<InvalidOperationException>(() => new Template("{}"));
    }

    [Theory]
    [InlineData("{topic}", "x y")]
    [InlineData("a{topic}b", "x y")]
    [InlineData("a {topic} b", "x y")]
    [InlineData("a{topic}b", " ")]
    [InlineData("a{topic}b", "")]
    [InlineData("a {topic}b{you}", "")]
    [InlineData(" {topic}{you} ", "\t\u2003")]
    [InlineData("{Topic}:{you}.", "tiếng   Việt\u00A0nhé")]
    [InlineData("", "x")]
    public void Template_ShapeWith_CountsTheWordsOfTheRendering(string template, string topic)
    {
        var values = new TemplateValues
        {
            Topic = topic,
            Address = "you",
            Audience = "a",
            AudienceFor = "for a",
            Context = "b",
        };
        var compiled = new Template(template);
        var rendered = compiled.Render(values);

        Assert.Equal(WordCounter.Count(rendered), compiled.ShapeWith(values).Words);
        Assert.Equal(rendered.Length, compiled.LengthWith(values));
    }

    [Fact]
    public void Template_NestedTemplateValue_RendersInPlaceAndCountsAsItsRendering()
    {
        var inner = new TemplateValues { Topic = "tiếng Việt", Address = "bạn", Audience = "a", AudienceFor = "for a", Context = "here" };
        var values = inner with { Motivation = new NestedTemplate(new Template("«{topic}» matters {context}"), inner), Topic = "other" };
        var outer = new Template("{Motivation}x {motivation} {topic}");

        const string Expected = "«Tiếng Việt» matters herex «tiếng Việt» matters here other";
        Assert.Equal(Expected, outer.Render(values));
        Assert.Equal(WordCounter.Count(Expected), outer.ShapeWith(values).Words);
        Assert.Equal(Expected.Length, outer.LengthWith(values));
    }

    [Theory]
    [InlineData("climate change", "climate change")]
    [InlineData("  climate   change ", "climate change")]
    [InlineData("climate\tchange\n", "climate change")]
    [InlineData("climate\u00A0change", "climate change")]
    [InlineData("climate\u0001change", "climate change")]
    [InlineData("\u0001", "")]
    [InlineData(" ", "")]
    [InlineData(null, "")]
    public void TextShaping_CollapseWhitespace_SingleSpacesWordsAndReturnsCleanTextItself(string? text, string expected)
    {
        var collapsed = TextShaping.CollapseWhitespace(text);

        Assert.Equal(expected, collapsed);
        Assert.Equal(text == expected, ReferenceEquals(text, collapsed));
    }

    [Fact]
    public void WordCounter_IsWhiteSpace_AgreesWithCharIsWhiteSpaceForEveryChar()
    {
        for (var c = char.MinValue; c < char.MaxValue; c++)
        {
            Assert.True(char.IsWhiteSpace(c) == WordCounter.IsWhiteSpace(c), $"U+{(int)c:X4}");
        }
    }

    [Fact]
    public void PhrasebookRegistry_EveryPhrasebook_CoversEveryStyleAudienceSectionAndLength()
    {
        foreach (var phrasebook in PhrasebookRegistry.All)
        {
            Assert.All(Enum.GetValues<ScriptStyle>(), style =>
            {
                var phrases = phrasebook.Styles[style];
                Assert.All(Enum.GetValues<SectionKind>(), kind => Assert.False(string.IsNullOrWhiteSpace(phrases.LeadIns[kind].Text)));
                Assert.All(phrases.Hooks, hook => Assert.Contains("{topic}", hook.Line.Text, StringComparison.Ordinal));
                Assert.NotEmpty(phrases.TitlePatterns);
                Assert.NotEmpty(phrases.Closings);
            });
            Assert.All(Enum.GetValues<AudienceKind>(), audience =>
            {
                Assert.Equal(2, phrasebook.Audiences[audience].Example.Count);
                Assert.Equal(2, phrasebook.Audiences[audience].Tips.Count);
            });
            Assert.All(Enum.GetValues<SectionKind>(), kind => Assert.NotEmpty(phrasebook.Sections[kind].Units));
            Assert.All(Enum.GetValues<ScriptLength>(), length => Assert.False(string.IsNullOrWhiteSpace(phrasebook.LengthDescriptions[length])));
        }
    }

    [Fact]
    public void SentenceFitter_Fit_KeepsRequiredAndStopsAtTarget()
    {
        var values = new TemplateValues { Topic = "t", Address = "you", Audience = "a", AudienceFor = "for a", Context = "c" };
        var draft = new ScriptDraft();
        void Add(int words, int rank) => draft.Add(new Template(string.Join(' ', Enumerable.Repeat("w", words))), values, rank);
        draft.AddBlock("A");
        Add(10, 0);
        Add(10, 1);
        Add(10, 2);
        Add(10, 3);
        draft.AddBlock("B");
        Add(10, 0);
        Add(100, 1);
        Add(10, 2);

        SentenceFitter.Fit(draft, new WordRange(30, 60));

        // Headings 4 + required 20, then by rank until the target (45) is reached. B's rank 1 would pass the top (60),
        // which also closes B to its rank 2 (it may build on the skipped one); A fills up to 54.
        Assert.Equal([true, true, true, true], draft.Kept[draft.SentencesOf(0)].ToArray());
        Assert.Equal([true, false, false], draft.Kept[draft.SentencesOf(1)].ToArray());
    }

    /// <summary>Mirrors of the internal enums: public theory methods cannot take internal parameter types.</summary>
    public enum ScriptStyleName
    {
        Informative,
        Casual,
        Humorous,
        Formal,
        Inspirational,
        Storytelling,
    }

    public enum AudienceName
    {
        General,
        Students,
        Children,
        Professionals,
        Beginners,
        Parents,
        Teachers,
    }
}
