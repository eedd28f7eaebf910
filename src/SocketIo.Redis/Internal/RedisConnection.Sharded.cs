using StackExchange.Redis;

namespace SocketIo.Redis.Internal;

internal sealed partial class RedisConnection
{
    /// <summary>
    /// <c>PUBSUB SHARDNUMSUB</c> of a sharded channel, the sharded adapter's server count: on a cluster, asked of every
    /// primary and summed (only the channel's shard has subscribers); 1 when Redis cannot answer, so that a request
    /// goes to nobody rather than waits for its timeout.
    /// </summary>
    public async Task<int> CountShardSubscribersAsync(string channel)
    {
        try
        {
            var servers = Multiplexer.GetServers();
            if (servers.Length > 0 && servers[0].ServerType == ServerType.Cluster)
            {
                long total = 0;
                foreach (var server in servers)
                {
                    if (server.IsConnected && !server.IsReplica)
                    {
                        total += CountOf(await server.ExecuteAsync("PUBSUB", "SHARDNUMSUB", channel));
                    }
                }

                return (int)total;
            }

            return (int)CountOf(await Multiplexer.GetDatabase().ExecuteAsync("PUBSUB", "SHARDNUMSUB", channel), orElse: 1);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            Log.CountFailed(_logger, channel, ex);
            return 1;
        }
    }

    /// <summary>The count of a <c>[channel, count]</c> reply.</summary>
    private static long CountOf(RedisResult result, long orElse = 0)
    {
        var values = (RedisResult[])result!;
        return values.Length >= 2 ? (long)values[1] : orElse;
    }
}
