using Microsoft.Extensions.Options;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>
/// Settings out of range stop the service at start with a message naming the key and its environment variable, instead
/// of being bent into range (a queue of 0 used to become 1, as did 0 workers and 0 POSTs a minute).
/// </summary>
public sealed class OptionsValidationTests
{
    public static TheoryData<string, string, string> OutOfRange => new()
    {
        { "ScriptService:QueueCapacity", "0", "ScriptService:QueueCapacity (ScriptService__QueueCapacity) is 0; it must be at least 1." },
        { "ScriptService:Workers", "0", "ScriptService:Workers (ScriptService__Workers) is 0; it must be at least 1." },
        { "ScriptService:PostsPerMinute", "-5", "ScriptService:PostsPerMinute (ScriptService__PostsPerMinute) is -5; it must be at least 1." },
        { "ScriptService:MaxRegistrationsPerSocket", "0", "ScriptService:MaxRegistrationsPerSocket (ScriptService__MaxRegistrationsPerSocket) is 0; it must be at least 1." },
        { "ScriptService:MaxRequestBodyBytes", "0", "ScriptService:MaxRequestBodyBytes (ScriptService__MaxRequestBodyBytes) is 0; it must be at least 1." },
        { "ScriptService:ProgressBacklogBytes", "-1", "ScriptService:ProgressBacklogBytes (ScriptService__ProgressBacklogBytes) is -1; it must be at least 0." },
        { "ScriptService:MaxConnections", "0", "ScriptService:MaxConnections (ScriptService__MaxConnections) is 0; it must be at least 1." },
        { "ScriptService:JobTimeout", "00:00:00", "ScriptService:JobTimeout (ScriptService__JobTimeout) is 00:00:00; it must be longer than zero" },
        { "ScriptService:ProgressLinger", "-00:00:01", "ScriptService:ProgressLinger (ScriptService__ProgressLinger) is -00:00:01; it must be from 00:00:00 to 00:00:10." },
        { "ScriptService:ProgressLinger", "00:00:11", "ScriptService:ProgressLinger (ScriptService__ProgressLinger) is 00:00:11; it must be from 00:00:00 to 00:00:10." },
        { "ScriptService:ShutdownGrace", "-00:00:01", "ScriptService:ShutdownGrace (ScriptService__ShutdownGrace) is -00:00:01; it must be zero or longer" },
        { "ScriptService:Store:PurgeInterval", "00:00:00", "ScriptService:Store:PurgeInterval (ScriptService__Store__PurgeInterval) is 00:00:00; it must be longer than zero." },
        { "ScriptService:Store:RetryMaxBackoff", "00:00:00.100", "ScriptService:Store:RetryMaxBackoff (ScriptService__Store__RetryMaxBackoff) is 00:00:00.1000000; it must be at least RetryInitialBackoff" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public async Task Start_SettingOutOfRange_FailsWithAMessageNamingTheKey(string key, string value, string message)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var host = await ServiceHost.StartAsync(new Dictionary<string, string?> { [key] = value });
        });

        Assert.Contains(message, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SeveralSettingsOutOfRange_NamesEachOne()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var host = await ServiceHost.StartAsync(new Dictionary<string, string?>
            {
                ["ScriptService:Workers"] = "0",
                ["ScriptService:QueueCapacity"] = "-1",
            });
        });

        Assert.Contains("ScriptService__Workers", failure.Message, StringComparison.Ordinal);
        Assert.Contains("ScriptService__QueueCapacity", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SettingsAtTheirLowestValidValues_Starts()
    {
        await using var host = await ServiceHost.StartAsync(new Dictionary<string, string?>
        {
            ["ScriptService:QueueCapacity"] = "1",
            ["ScriptService:Workers"] = "1",
            ["ScriptService:PostsPerMinute"] = "1",
            ["ScriptService:ProgressBacklogBytes"] = "0",
            ["ScriptService:ShutdownGrace"] = "00:00:00",
            ["ScriptService:Store:ResultRetention"] = "00:00:00",
        });

        await host.PostAcceptedAsync(Scripts.Body(Scripts.NewJobId()));
    }
}
