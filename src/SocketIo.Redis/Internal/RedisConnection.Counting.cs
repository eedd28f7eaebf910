using StackExchange.Redis;

namespace SocketIo.Redis.Internal;

internal sealed partial class RedisConnection
{
    /// <summary>
    /// <c>PUBSUB SHARDNUMSUB</c> of a sharded channel: the sharded adapter's server count (see <see cref="CountAsync"/>).
    /// </summary>
    public Task<int> CountShardSubscribersAsync(string channel) => CountAsync("SHARDNUMSUB", channel);

    /// <summary>
    /// <c>PUBSUB NUMSUB</c> or <c>PUBSUB SHARDNUMSUB</c> of a channel: on a cluster, asked of every primary and summed
    /// (as Node's adapter does; a sharded channel has subscribers on its shard only); 1 (this server alone) when Redis
    /// cannot answer, so that a request goes to nobody rather than waits for its timeout.
    /// </summary>
    private async Task<int> CountAsync(string subcommand, string channel)
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
                        total += CountOf(await server.ExecuteAsync("PUBSUB", subcommand, channel), orElse: 0);
                    }
                }

                return (int)total;
            }

            return (int)CountOf(await Multiplexer.GetDatabase().ExecuteAsync("PUBSUB", subcommand, channel), orElse: 1);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            Log.CountFailed(_logger, channel, ex);
            return 1;
        }
    }

    /// <summary>The count of a <c>[channel, count]</c> reply.</summary>
    private static long CountOf(RedisResult result, long orElse)
    {
        var values = (RedisResult[])result!;
        return values.Length >= 2 ? (long)values[1] : orElse;
    }
}
