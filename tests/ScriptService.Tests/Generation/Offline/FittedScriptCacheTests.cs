using ScriptService.Generation.Offline;
using static ScriptService.Tests.Generation.Offline.OfflineTestData;

namespace ScriptService.Tests.Generation.Offline;

public sealed class FittedScriptCacheTests
{
    [Theory]
    [InlineData("en", "short", "Topic 1")]
    [InlineData("en", "long", "climate change")]
    [InlineData("vi", "medium", "biến đổi khí hậu")]
    [InlineData("en", "medium", "personal finance for young adults who have just started their first job")]
    [InlineData("vi", "long", "quản lý tài chính cá nhân cho người trẻ mới đi làm")]
    public void TryRestore_TopicOfTheSameShape_RestoresExactlyTheSentencesTheFitterKeeps(string language, string length, string topic)
    {
        var plan = ScriptPlanner.Plan(Request(topic, language, length, style: "casual", audience: "students"));
        var other = SameShapeOtherTopic(plan);
        var cache = new FittedScriptCache();
        Assert.False(cache.TryRestore(plan, new ScriptDraft()));

        var fitted = new ScriptDraft();
        ScriptComposer.Compose(other, fitted);
        SentenceFitter.Fit(fitted, other.Profile.Words);
        cache.Store(other, fitted);

        var restored = new ScriptDraft();
        Assert.True(cache.TryRestore(plan, restored));
        Assert.Equal(FitAndFormat(plan), ScriptFormatter.Format(restored));
    }

    [Fact]
    public void Store_RequestWithSourcesOrCustomAudience_IsNotCached()
    {
        var cache = new FittedScriptCache();
        foreach (var request in new[] { Request(sources: ["IPCC Sixth Assessment Report"]), Request(audience: "marine biologists") })
        {
            var plan = ScriptPlanner.Plan(request);
            var draft = new ScriptDraft();
            ScriptComposer.Compose(plan, draft);
            SentenceFitter.Fit(draft, plan.Profile.Words);

            cache.Store(plan, draft);

            Assert.False(cache.TryRestore(plan, new ScriptDraft()));
        }
    }

    private static string FitAndFormat(ScriptPlan plan)
    {
        var draft = new ScriptDraft();
        ScriptComposer.Compose(plan, draft);
        SentenceFitter.Fit(draft, plan.Profile.Words);
        return ScriptFormatter.Format(draft);
    }

    /// <summary>A plan for a different topic with as many words and the same phrasing picks, so it shares the cache key.</summary>
    private static ScriptPlan SameShapeOtherTopic(ScriptPlan plan)
    {
        var words = plan.Topic.Full.Split(' ');
        for (var n = 0; n < 1000; n++)
        {
            words[^1] = $"x{n}";
            var other = ScriptPlanner.Plan(Request(string.Join(' ', words), plan.Phrasebook.Language, plan.Length.ToString(), style: "casual", audience: "students"));
            if (other.Hook == plan.Hook && other.Closing == plan.Closing && other.AsideOffset == plan.AsideOffset && other.Topic.Full != plan.Topic.Full)
            {
                return other;
            }
        }

        throw new InvalidOperationException("No other topic of the same shape picks the same phrasings.");
    }
}
