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
/// The adapter specification suite, run against the Redis adapter on a real <c>redis-server</c>: one server alone
/// must behave exactly as with the in-memory adapter.
/// </summary>
public sealed class RedisAdapterSpecificationTests(RedisServerFixture redis) : SocketIoAdapterSpecificationTests, IClassFixture<RedisServerFixture>, IAsyncLifetime
{
    private readonly List<RedisConnection> _connections = [];

    protected override ISocketIoAdapterFactory CreateAdapterFactory(IServiceProvider services)
    {
        var multiplexer = ConnectionMultiplexer.Connect(redis.Server.Configuration);
        var metrics = new RedisAdapterMetrics(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());
        var loggerFactory = services.GetRequiredService<ILoggerFactory>();
        var connection = new RedisConnection(multiplexer, owned: true, maxPending: 10_000, metrics, loggerFactory.CreateLogger("SocketIo.Redis"));
        lock (_connections)
        {
            _connections.Add(connection);
        }

        return new RedisAdapterFactory(connection, Options.Create(new RedisAdapterOptions { Key = redis.NewKey() }), TimeProvider.System, metrics, loggerFactory);
    }

    protected override IReadOnlyCollection<string> GetRoomNames(ISocketIoAdapter adapter) =>
        Assert.IsType<RedisAdapter>(adapter).RoomNames();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
