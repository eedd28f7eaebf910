namespace TestUtilities;

/// <summary>One <c>redis-server</c> per test class (tests/SocketIo.Redis.Tests, tests/SocketIo.Redis.InteropTests); tests keep apart by using their own channel key, or by running their nodes one test at a time.</summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    private int _keys;

    public RedisServer Server { get; private set; } = null!;

    /// <summary>A channel prefix no other test of the run uses.</summary>
    public string NewKey() => "test" + Interlocked.Increment(ref _keys) + "-" + Guid.NewGuid().ToString("N")[..6];

    public async Task InitializeAsync() => Server = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
