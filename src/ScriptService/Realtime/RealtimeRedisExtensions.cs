using ScriptService.Jobs.Redis;

namespace ScriptService.Realtime;

/// <summary>Composes Realtime for the Redis mode: the nodes' sockets joined through the Socket.IO Redis adapter.</summary>
internal static class RealtimeRedisExtensions
{
    /// <summary>
    /// When the Redis mode is on, every namespace uses the Redis (pub/sub) adapter on the same Redis, its channels
    /// under the mode's <see cref="RedisJobOptions.KeyPrefix"/>: a job's events reach the servers of every node
    /// (<see cref="JobEventDelivery"/>), and each delivers to its own sockets. Nothing otherwise.
    /// </summary>
    /// <remarks>
    /// Messages between the nodes are lost around an outage of Redis (the adapter drops rather than queues them); each
    /// node then replays from the store the results its sockets still wait for (<see cref="ClusterReconciliation"/>),
    /// and reports itself not ready until its subscriptions are back (<c>/readyz</c>).
    /// The pub/sub adapter keeps no sessions, so connection state recovery does not carry a socket from one node to
    /// another: a client whose connection drops registers again (docs/scale-out.md).
    /// </remarks>
    public static IServiceCollection AddScriptRealtimeCluster(this IServiceCollection services, IConfiguration configuration)
    {
        var redis = configuration.GetSection(RedisJobOptions.SectionName).Get<RedisJobOptions>();
        if (redis is not { IsEnabled: true })
        {
            return services;
        }

        services.AddRedisAdapter(redis.Configuration!, adapter => adapter.Key = redis.KeyPrefix);

        // What an outage of Redis lost between the nodes, made up for once it is back.
        services.AddSingleton<ClusterReconciliation>();
        services.AddHostedService(static provider => provider.GetRequiredService<ClusterReconciliation>());
        return services;
    }
}
