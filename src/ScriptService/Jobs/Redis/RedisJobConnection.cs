using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ScriptService.Jobs.Redis;

/// <summary>
/// The Redis mode's connection: one multiplexer, made to start without Redis rather than fail, to fail a command at once
/// while disconnected rather than queue it (<see cref="BacklogPolicy.FailFast"/>), and to give up on any command after
/// <see cref="RedisJobOptions.OperationTimeout"/>. StackExchange.Redis reconnects with backoff by itself; this logs both
/// ends of an outage, once each.
/// </summary>
internal sealed partial class RedisJobConnection : IAsyncDisposable
{
    private readonly Task<ConnectionMultiplexer> _connecting;
    private readonly ILogger _logger;

    public RedisJobConnection(IOptions<RedisJobOptions> options, ILogger<RedisJobConnection> logger)
    {
        var settings = options.Value;
        _logger = logger;
        Keys = new RedisKeys(settings.KeyPrefix);

        // Per node and process: two nodes of one machine, or one restarted, are distinct consumers of the queue.
        ConsumerName = Environment.MachineName + ":" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)
            + ":" + Guid.NewGuid().ToString("N")[..8];

        var configuration = ConfigurationOptions.Parse(settings.Configuration ?? throw new InvalidOperationException("ScriptService:Redis:Configuration is not set."));
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        var timeout = (int)Math.Clamp(settings.OperationTimeout.TotalMilliseconds, 1, int.MaxValue);
        configuration.ConnectTimeout = timeout;
        configuration.SyncTimeout = timeout;
        configuration.AsyncTimeout = timeout;
        configuration.ClientName ??= "scriptservice";

        // Back within a second or so of Redis returning, rather than after the default backoff's longer waits.
        configuration.ReconnectRetryPolicy = new ExponentialRetry(250, 5000);
        _connecting = ConnectAsync(configuration);
    }

    public RedisKeys Keys { get; }

    /// <summary>This node's name in the queue's consumer group.</summary>
    public string ConsumerName { get; }

    /// <summary>The database; waits for the first connection attempt at most (never for Redis to come back).</summary>
    public async ValueTask<IDatabase> DatabaseAsync() => (await _connecting).GetDatabase();

    public async ValueTask<ISubscriber> SubscriberAsync() => (await _connecting).GetSubscriber();

    public bool IsConnected => _connecting.IsCompletedSuccessfully && _connecting.Result.IsConnected;

    private async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions configuration)
    {
        var multiplexer = await ConnectionMultiplexer.ConnectAsync(configuration);
        multiplexer.ConnectionFailed += (_, e) => Log.ConnectionFailed(_logger, e.EndPoint?.ToString() ?? "?", e.FailureType, e.Exception?.Message);
        multiplexer.ConnectionRestored += (_, e) => Log.ConnectionRestored(_logger, e.EndPoint?.ToString() ?? "?");
        if (!multiplexer.IsConnected)
        {
            Log.NotConnectedAtStart(_logger, configuration.ToString(includePassword: false));
        }

        return multiplexer;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            var multiplexer = await _connecting;
            await multiplexer.DisposeAsync();
        }
        catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
        {
        }
    }
}
