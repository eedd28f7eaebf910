using SocketIo.Redis.InteropTests.Infrastructure;

// Each class starts its own redis-server; the clusters of its tests run one after the other on it.
[assembly: CollectionBehavior(MaxParallelThreads = 2)]

namespace SocketIo.Redis.InteropTests;

/// <summary>A Node socket.io node acts; ours and Node's members see it.</summary>
public sealed class NodeToOursTests(RedisServerFixture redis) : ClusterScenarios(redis, NodeKind.Node, NodeKind.Ours), IClassFixture<RedisServerFixture>;

/// <summary>Our node acts; Node's and ours members see it.</summary>
public sealed class OursToNodeTests(RedisServerFixture redis) : ClusterScenarios(redis, NodeKind.Ours, NodeKind.Node), IClassFixture<RedisServerFixture>;

/// <summary>Two of our nodes pass the same scenarios.</summary>
public sealed class OursToOursTests(RedisServerFixture redis) : ClusterScenarios(redis, NodeKind.Ours, NodeKind.Ours), IClassFixture<RedisServerFixture>;
