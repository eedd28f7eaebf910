using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ScriptService.Jobs;
using ScriptService.Jobs.Redis;
using ScriptService.Jobs.Sqlite;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service.Redis;

/// <summary>
/// The Redis mode is on exactly when <c>ScriptService:Redis:Configuration</c> is set (SQLite otherwise, as before), and
/// its settings are checked at start.
/// </summary>
public sealed class RedisModeCompositionTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task Start_WithoutRedisConfiguration_SqliteStoreAndInProcessQueue()
    {
        await using var host = await ServiceHost.StartAsync();
        Assert.IsType<SqliteJobStore>(host.Services.GetRequiredService<IJobStore>());
        Assert.IsType<InProcessJobQueue>(host.Services.GetRequiredService<IJobQueue>());
    }

    [Fact]
    public async Task Start_WithRedisConfiguration_RedisStoreAndSharedQueue()
    {
        await using var host = await ServiceHost.StartAsync(RedisNodes.Settings(redis.Server, redis.NewKey()));
        Assert.IsType<RedisJobStore>(host.Services.GetRequiredService<IJobStore>());
        Assert.IsType<RedisJobQueue>(host.Services.GetRequiredService<IJobQueue>());
        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), service => service is JobPurgeService);
    }

    public static TheoryData<string, string, string> OutOfRange => new()
    {
        { "ScriptService:Redis:StaleJobAfter", "00:00:00", "ScriptService:Redis:StaleJobAfter (ScriptService__Redis__StaleJobAfter) is 00:00:00; it must be longer than zero" },
        { "ScriptService:Redis:OperationTimeout", "-00:00:01", "ScriptService:Redis:OperationTimeout (ScriptService__Redis__OperationTimeout) is -00:00:01; it must be longer than zero" },
        { "ScriptService:Redis:KeyPrefix", "a{b}", "ScriptService:Redis:KeyPrefix (ScriptService__Redis__KeyPrefix) is \"a{b}\"; it must be a name without braces" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public async Task Start_RedisSettingOutOfRange_FailsWithAMessageNamingTheKey(string key, string value, string message)
    {
        var settings = RedisNodes.Settings(redis.Server, redis.NewKey());
        settings[key] = value;
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var host = await ServiceHost.StartAsync(settings);
        });

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }
}
