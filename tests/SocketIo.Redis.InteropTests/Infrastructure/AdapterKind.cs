using Microsoft.Extensions.DependencyInjection;

namespace SocketIo.Redis.InteropTests.Infrastructure;

/// <summary>
/// Which Redis adapter every node of a test cluster runs: the flags of <c>node-server.mjs</c> for a Node node, and the
/// registration for ours. The scenarios run once per kind listed in <see cref="All"/>.
/// </summary>
internal sealed record AdapterKind(string Name, string[] NodeArguments, Action<IServiceCollection, string> AddTo, bool HeardByEmitter, bool HasAllRooms)
{
    /// <summary>
    /// How long a node waits for the others' answers, Node's and ours alike: far above what a loaded machine takes, so
    /// that only a node that is gone makes a request time out (the scenarios time acks out by their own timeout).
    /// </summary>
    public static readonly TimeSpan RequestsTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Node's <c>createAdapter</c> and our <c>AddRedisAdapter</c>.</summary>
    public static readonly AdapterKind Classic = new(
        "classic",
        ["--adapter", "redis"],
        static (services, redis) => services.AddRedisAdapter(redis, static o => o.RequestsTimeout = RequestsTimeout),
        HeardByEmitter: true,
        HasAllRooms: true);

    /// <summary>
    /// Node's <c>@socket.io/redis-streams-adapter</c> and our <c>AddRedisStreamsAdapter</c>. The emitter speaks the
    /// classic channels only, and Node's cluster adapter has no allRooms.
    /// </summary>
    public static readonly AdapterKind Streams = new(
        "streams",
        ["--adapter", "redis-streams"],
        static (services, redis) => services.AddRedisStreamsAdapter(redis, static o => o.RequestsTimeout = RequestsTimeout),
        HeardByEmitter: false,
        HasAllRooms: false);

    /// <summary>
    /// Node's <c>createShardedAdapter</c> and our <c>AddRedisShardedAdapter</c>, in the dynamic and the static
    /// subscription mode. The emitter speaks the classic channels only, and Node's cluster adapter has no allRooms.
    /// </summary>
    private static readonly AdapterKind[] _kinds =
    [
        Classic,
        new(
            "sharded",
            ["--adapter", "redis-sharded"],
            static (services, redis) => services.AddRedisShardedAdapter(redis, static o => o.RequestsTimeout = RequestsTimeout),
            HeardByEmitter: false,
            HasAllRooms: false),
        new(
            "sharded-static",
            ["--adapter", "redis-sharded", "--subscription-mode", "static"],
            static (services, redis) => services.AddRedisShardedAdapter(redis, static o =>
            {
                o.RequestsTimeout = RequestsTimeout;
                o.SubscriptionMode = RedisShardedSubscriptionMode.Static;
            }),
            HeardByEmitter: false,
            HasAllRooms: false),
        Streams,
    ];

    /// <summary>The kinds, by name, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> All => new(_kinds.Select(k => k.Name));

    /// <summary>The kinds the Node emitter reaches (it speaks the classic channels only).</summary>
    public static TheoryData<string> HeardByTheEmitter => new(_kinds.Where(k => k.HeardByEmitter).Select(k => k.Name));

    /// <summary>The kinds whose Node adapter has <c>allRooms</c> (the classic one; the cluster adapter has not).</summary>
    public static TheoryData<string> WithAllRooms => new(_kinds.Where(k => k.HasAllRooms).Select(k => k.Name));

    public static AdapterKind Named(string name) => _kinds.Single(k => k.Name == name);

    public override string ToString() => Name;
}
