using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SocketIo.Adapters;
using SocketIo.Redis.Diagnostics;
using SocketIo.Redis.Internal;
using SocketIo.Tests.Adapters;
using StackExchange.Redis;

namespace SocketIo.Redis.Tests;

/// <summary>
/// The adapter specification suite on the Redis Streams adapter, on a real <c>redis-server</c>: one server alone must
/// behave exactly as with the in-memory adapter.
/// </summary>
public sealed class RedisStreamsAdapterSpecificationTests(RedisServerFixture redis) : SocketIoAdapterSpecificationTests, IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _owned = [];

    protected override ISocketIoAdapterFactory CreateAdapterFactory(IServiceProvider services)
    {
        var metrics = new RedisAdapterMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var loggerFactory = services.GetRequiredService<ILoggerFactory>();
        var connection = new RedisConnection(ConnectionMultiplexer.Connect(redis.Server.Configuration), owned: true, maxPending: 10_000, metrics, loggerFactory.CreateLogger("SocketIo.Redis"));
        var key = redis.NewKey();
        var options = Options.Create(new RedisStreamsAdapterOptions { StreamName = key, ChannelPrefix = key, BlockTime = TimeSpan.FromSeconds(1) });
        var factory = new RedisStreamsAdapterFactory(connection, options, TimeProvider.System, metrics, loggerFactory);
        lock (_owned)
        {
            // The adapters and readers stop before their connection closes.
            _owned.Add(factory);
            _owned.Add(connection);
        }

        return factory;
    }

    protected override IReadOnlyCollection<string> GetRoomNames(ISocketIoAdapter adapter) =>
        Assert.IsType<RedisStreamsAdapter>(adapter).RoomNames();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }
    }
}
