using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ScriptService.Diagnostics;
using ScriptService.Jobs.Redis;
using ScriptService.Jobs.Sqlite;

namespace ScriptService.Tests.Jobs.Redis;

/// <summary>
/// The Redis mode's job parts of one node (its connection, store and queue), built as the service builds them, on a
/// real Redis; nodes made with the same prefix share jobs.
/// </summary>
internal sealed class RedisNode : IAsyncDisposable
{
    private readonly ServiceProvider _meters;

    private RedisNode(RedisJobOptions options, TimeSpan retention, int queueCapacity)
    {
        _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
        MeterFactory = _meters.GetRequiredService<IMeterFactory>();
        Connection = new RedisJobConnection(Options.Create(options), NullLogger<RedisJobConnection>.Instance);
        var metrics = new RedisJobMetrics(MeterFactory);
        Store = new RedisJobStore(Connection, Options.Create(new JobStoreOptions { ResultRetention = retention }), TimeProvider.System, metrics, NullLogger<RedisJobStore>.Instance);
        Queue = new RedisJobQueue(Connection, Options.Create(options), Options.Create(new ScriptServiceOptions { QueueCapacity = queueCapacity }), TimeProvider.System, metrics, new ServiceMetrics(MeterFactory), NullLogger<RedisJobQueue>.Instance);
    }

    public IMeterFactory MeterFactory { get; }

    public RedisJobConnection Connection { get; }

    public RedisJobStore Store { get; }

    public RedisJobQueue Queue { get; }

    public static async Task<RedisNode> StartAsync(string configuration, string prefix, TimeSpan? staleJobAfter = null, TimeSpan? retention = null, TimeSpan? operationTimeout = null, int queueCapacity = 1000)
    {
        var node = new RedisNode(
            new RedisJobOptions
            {
                Configuration = configuration,
                KeyPrefix = prefix,
                StaleJobAfter = staleJobAfter ?? TimeSpan.FromMinutes(1),
                OperationTimeout = operationTimeout ?? TimeSpan.FromSeconds(5),
            },
            retention ?? TimeSpan.FromHours(1),
            queueCapacity);
        await node.Queue.StartAsync();
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        await Queue.DisposeAsync();
        await Connection.DisposeAsync();
        await _meters.DisposeAsync();
    }
}
