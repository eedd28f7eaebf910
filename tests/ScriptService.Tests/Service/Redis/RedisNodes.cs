using System.Globalization;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service.Redis;

/// <summary>The settings that start a node of the service in the Redis mode, on one test's own key prefix.</summary>
internal static class RedisNodes
{
    /// <summary>The Redis mode on <paramref name="redis"/>, under <paramref name="prefix"/>, with a short takeover time.</summary>
    public static Dictionary<string, string?> Settings(RedisServer redis, string prefix, TimeSpan? staleJobAfter = null, Dictionary<string, string?>? more = null)
    {
        var settings = more is null ? new Dictionary<string, string?>() : new Dictionary<string, string?>(more);
        settings["ScriptService:Redis:Configuration"] = redis.Configuration;
        settings["ScriptService:Redis:KeyPrefix"] = prefix;
        settings["ScriptService:Redis:StaleJobAfter"] = (staleJobAfter ?? TimeSpan.FromSeconds(5)).ToString("c", CultureInfo.InvariantCulture);
        settings["ScriptService:Redis:OperationTimeout"] = "00:00:02";
        return settings;
    }

    /// <summary>A node whose generator is the held model (<see cref="HeldLlm"/>): its workers stay busy until released.</summary>
    public static Dictionary<string, string?> HeldSettings(RedisServer redis, string prefix, HeldLlm llm, TimeSpan? staleJobAfter = null) =>
        Settings(redis, prefix, staleJobAfter, ServiceHost.LlmSettings(llm.Endpoint));
}
