namespace BenchReport.Scenarios;

/// <summary>The LoadDriver modes, in report order, with the metrics each table shows (the soak has a section of its
/// own: it runs the service alone, with no baseline to compare with).</summary>
internal static class ScenarioCatalog
{
    private const double BytesPerKibibyte = 1024;

    public static Scenario Density { get; } = new(
        "density",
        "Connection density",
        "connections",
        "The driver opens the connections (WebSocket) with at most a fixed number of handshakes in flight, lets the server "
        + "settle, then holds them while answering the server's pings. Memory is the server process's RSS "
        + "(`/proc/PID/status`) growth over its RSS before the first connection, divided by the connections established: "
        + "after the settle, and at the end of the hold. The handshake runs from the TCP connect to the Socket.IO "
        + "CONNECT answer.",
        r => r.Density is not null,
        DensityMetrics(withHandshakeP50: false),
        r => r.Density!.Errors);

    public static Scenario ServiceDensity { get; } = new(
        "service-density",
        "Connection density of the service as shipped",
        "connections",
        "The density run above against the service itself (`src/ScriptService`) instead of the bench servers, each "
        + "process freshly started: started as the README says (`dotnet run --project src/ScriptService`, its default "
        + "configuration, the port given by `ASPNETCORE_URLS`; memory is the service process's, not the `dotnet run` "
        + "that starts it), and as the NativeAOT binary (`dotnet publish src/ScriptService -c Release -r linux-x64`), "
        + "with its default configuration too. The Node side is `benchmarks/reference/jobs-server.mjs`, the service's "
        + "contract on socket.io with its default options: per connection it does what the service does (`connection_ack`, "
        + "the `register` and `unregister` handlers, the socket's registrations). The handshakes of the ramp are the "
        + "first a fresh process serves, so their p99 includes what the process does the first time (its JIT, for `dotnet "
        + "run`).",
        r => r.Density is not null,
        DensityMetrics(withHandshakeP50: true),
        r => r.Density!.Errors);

    public static Scenario Echo { get; } = new(
        "echo",
        "Echo: acknowledgement round trip",
        "connections",
        "Each connection runs a closed loop: emit `echo` with a payload, wait for the ack carrying the same payload, emit "
        + "the next. Only acks completed inside the measured window (after a warm-up) count. Latency is emit → ack, over "
        + "every ack of every connection. Errors count failed connects, drops, wrong acks and acks still missing after "
        + "the window.",
        r => r.Echo is not null,
        [
            new("acks/s", ValueKind.PerSecond, Better.Higher, r => r.Echo!.AcksPerSecond),
            new("ack latency p50 (ms)", ValueKind.Milliseconds, Better.Lower, r => r.Echo!.LatencyMs?.P50),
            new("ack latency p99 (ms)", ValueKind.Milliseconds, Better.Lower, r => r.Echo!.LatencyMs?.P99),
            new("errors", ValueKind.Count, Better.NotCompared, r => r.Echo!.Errors),
        ]);

    public static Scenario EchoMsgpack { get; } = new(
        "echo-msgpack",
        "Echo with the msgpack parser",
        "connections",
        "The echo above, with both sides on `socket.io-msgpack-parser`: the Node reference started with `--parser msgpack` "
        + "(socket.io-msgpack-parser 3.0.2, `benchmarks/reference/package.json`), ours (`benchmarks/BenchServer`, dense "
        + "WebSocket path) with `--parser msgpack` (`SocketIoOptions.Parser = SocketIoParser.MessagePack`), and the driver "
        + "with `--parser msgpack`: every packet is one binary WebSocket message of MessagePack (`{type, data, id, nsp}`). "
        + "Our server turns each packet into its default parser's form and back (see `MessagePackCodecBenchmarks` below "
        + "for that cost on its own).",
        r => r.Echo is not null,
        [
            new("acks/s", ValueKind.PerSecond, Better.Higher, r => r.Echo!.AcksPerSecond),
            new("ack latency p50 (ms)", ValueKind.Milliseconds, Better.Lower, r => r.Echo!.LatencyMs?.P50),
            new("ack latency p99 (ms)", ValueKind.Milliseconds, Better.Lower, r => r.Echo!.LatencyMs?.P99),
            new("errors", ValueKind.Count, Better.NotCompared, r => r.Echo!.Errors),
        ]);

    public static Scenario Broadcast { get; } = new(
        "broadcast",
        "Broadcast to a room",
        "room members",
        "Every connection joins one room. A control connection outside the room emits `broadcast` once per message; the "
        + "server emits `tick` to the room. A message's completion time runs from the emit to the last member's "
        + "`tick`; the next message follows after a fixed interval. Missing counts deliveries that never came "
        + "(members × messages − distinct deliveries).",
        r => r.Broadcast is not null,
        [
            new("completion p50 (ms)", ValueKind.Milliseconds, Better.Lower, r => r.Broadcast!.CompletionMs?.P50),
            new("completion p99 (ms)", ValueKind.Milliseconds, Better.Lower, r => r.Broadcast!.CompletionMs?.P99),
            new("deliveries missing", ValueKind.Count, Better.NotCompared, r => r.Broadcast!.Missing),
            new("deliveries duplicated", ValueKind.Count, Better.NotCompared, r => r.Broadcast!.Duplicated),
        ]);

    public static Scenario Jobs { get; } = new(
        "jobs",
        "Jobs: the Script Generator Service flow",
        "clients",
        "The client guide's flow, every client of a round at once: connect, `connection_ack`, `register` the job id, "
        + "`POST /api/scripts` (202), then that job's `scriptResult`. Latency runs from the POST to the `scriptResult`, "
        + "so it is mostly time in the queue; jobs/s is the successful jobs over the wall time of all rounds.\n\n"
        + "The two sides do different work per job. Ours is the real service (`src/ScriptService`): every job is stored "
        + "durably in SQLite and written by the offline generator. `ours` is the service as shipped for self-hosting, its "
        + "NativeAOT single binary; `ours-jit` is its Release build under the JIT, freshly started like every server here, "
        + "so that its figures include compiling the job path in the first round. The Node side is `benchmarks/reference/jobs-server.mjs`: "
        + "the same contract and payloads, but jobs live in memory only (not durable) and the script is a fixed "
        + "template, not our generator (its header lists every difference). What a profile of this flow showed, and "
        + "what was changed for it: [performance](performance.md).",
        r => r.Jobs is not null,
        JobsMetrics());

    public static Scenario Flood { get; } = new(
        "flood",
        "Flood: more connection attempts than a process can hold",
        "connection attempts",
        "The driver attempts more connections than one server process may hold open (its descriptor limit, `ulimit -n`), "
        + "1,000 handshakes in flight, then holds what was established for the settle time twice. Ours is the real "
        + "service (`src/ScriptService`), which caps its connections below the limit and answers the excess 503; the Node "
        + "side is the reference server, which relies on libuv's handling of EMFILE. Memory here is the whole growth of "
        + "the server's RSS, in KiB per established connection.",
        r => r.Density is not null,
        [
            new("connections established", ValueKind.Count, Better.NotCompared, r => r.Density!.Established),
            new("attempts refused or failed", ValueKind.Count, Better.NotCompared, r => r.Density!.Failed),
            new("connections dropped", ValueKind.Count, Better.NotCompared, r => r.Density!.Dropped),
            new("KiB per connection, end of hold", ValueKind.Kibibytes, Better.Lower, r => r.Density!.BytesPerConnectionEnd / BytesPerKibibyte),
        ],
        r => r.Density!.Errors);

    public static Scenario AfterFlood { get; } = new(
        "flood-after",
        "After the flood: the same server process still serves",
        "connection attempts in the flood",
        "Right after each flood run, before the server is stopped, fresh connections (100 by default) are opened to the same process "
        + "and held for the settle time.",
        r => r.Density is not null,
        [
            new("connections established", ValueKind.Count, Better.NotCompared, r => r.Density!.Established),
            new("connections dropped", ValueKind.Count, Better.NotCompared, r => r.Density!.Dropped),
            new("handshake p99 (ms)", ValueKind.Milliseconds, Better.Lower, r => r.Density!.HandshakeMs?.P99),
        ],
        r => r.Density!.Errors);

    public static Scenario Soak { get; } = new(
        "soak",
        "Soak: the service held for a long run, churning, with jobs throughout",
        "connections",
        "The driver opens the connections to the service (`src/ScriptService`, as shipped) and holds them, answering the "
        + "server's pings. Meanwhile a steady trickle of them closes and reconnects (the churn: each connection keeps its "
        + "transport, a WebSocket from the first request, long-polling, or polling upgraded to a WebSocket as "
        + "socket.io-client connects, so the mix stays the same), and jobs run at a steady rate, each on one open socket: "
        + "`register`, `POST /api/scripts`, then that job's `scriptResult` on that socket, exactly once. The server process "
        + "is sampled at a fixed interval: RSS and threads from `/proc/PID/status`, open descriptors from `/proc/PID/fd`, "
        + "and the managed heap from the runtime's own `System.Runtime` counters, read from outside over the diagnostics "
        + "channel (the heap after the last GC is the sum of the generations' sizes that GC left).\n\n"
        + "The verdict leaves out a warm-up after the ramp, then splits the rest (the measured window) into thirds. A series "
        + "is **flat** when neither the change from the first third's mean to the last third's mean nor the rise of the "
        + "least-squares line across the window exceeds its tolerance; **growing** when either does upwards. The heap after "
        + "the last GC is a saw-tooth (generation 2 fills between full collections, each drops it back), so it is judged on "
        + "the samples taken right after a full GC, which a leak raises and the saw-tooth does not (on each third's minimum "
        + "when a third saw no full GC). Nothing is "
        + "lost when no connection was dropped by the server, every connect and reconnect succeeded, and every job "
        + "completed exactly once.",
        r => r.Soak is not null,
        []);

    public static Scenario ClusterBroadcast { get; } = new(
        "cluster-broadcast",
        "Cluster: broadcast over Redis",
        "room members",
        "Several server processes of one kind share one `redis-server` (a fresh one per run, persistence off) through "
        + "their Redis adapter: the Node side is `benchmarks/reference/server.mjs` on `@socket.io/redis-adapter`, ours "
        + "`benchmarks/BenchServer` on `src/SocketIo.Redis`, with the same `--redis`/`--adapter` flags. The driver spreads "
        + "the members round robin over the nodes and each joins one room on its node. Through a control connection on the "
        + "first node it asks `servers` (the other nodes' answers to a server-side `who`) and `count` (the room's size "
        + "through fetchSockets on every node), then emits `broadcast` there once per message: that node emits `tick` to "
        + "the room, which reaches the members on the other nodes through Redis. A message's completion time runs from "
        + "the emit to the last member's `tick`, on any node. Missing counts deliveries that never came.",
        r => r.Cluster is not null,
        [
            new("completion p50 (ms)", ValueKind.Milliseconds, Better.Lower, r => r.Cluster!.Broadcast?.CompletionMs?.P50),
            new("completion p99 (ms)", ValueKind.Milliseconds, Better.Lower, r => r.Cluster!.Broadcast?.CompletionMs?.P99),
            new("deliveries missing", ValueKind.Count, Better.NotCompared, r => r.Cluster!.Broadcast?.Missing),
            new("deliveries duplicated", ValueKind.Count, Better.NotCompared, r => r.Cluster!.Broadcast?.Duplicated),
            new("server processes", ValueKind.Count, Better.NotCompared, r => r.Cluster!.Servers?.Count),
            new("nodes the first one reached (`servers` + itself)", ValueKind.Count, Better.NotCompared, r => r.Cluster!.OtherServers?.Count + 1),
            new("members joined", ValueKind.Count, Better.NotCompared, r => r.Cluster!.Joined),
            new("room size as the cluster counts it", ValueKind.Count, Better.NotCompared, r => r.Cluster!.CountAfterJoin),
            new("connections dropped", ValueKind.Count, Better.NotCompared, r => r.Cluster!.Dropped),
        ],
        r => r.Cluster!.Errors);

    public static Scenario ClusterHold { get; } = new(
        "cluster-hold",
        "Cluster: connections held across processes, one broadcast to all",
        "connections",
        "More connections than one process may hold (its descriptor limit), spread round robin over several server "
        + "processes on one `redis-server`, as in the broadcast over Redis above, and by as many driver worker processes, "
        + "from many 127.0.0.x source addresses. Every connection joins one room; after the settle, one `broadcast` "
        + "emitted through the first node must reach every one of them, once; then they are held while answering the "
        + "servers' pings. Memory is the growth of the RSS summed over every server process, divided by the "
        + "connections established. Dropped counts connections a server ended before the driver closed them, at any "
        + "time until the end of the hold.",
        r => r.Cluster is not null,
        [
            new("connections established", ValueKind.Count, Better.NotCompared, r => r.Cluster!.Established),
            new("connections failed", ValueKind.Count, Better.NotCompared, r => r.Cluster!.Failed),
            new("connections dropped", ValueKind.Count, Better.NotCompared, r => r.Cluster!.Dropped),
            new("members joined", ValueKind.Count, Better.NotCompared, r => r.Cluster!.Joined),
            new("server processes", ValueKind.Count, Better.NotCompared, r => r.Cluster!.Servers?.Count),
            new("broadcast deliveries missing", ValueKind.Count, Better.NotCompared, r => r.Cluster!.Broadcast?.Missing),
            new("broadcast deliveries duplicated", ValueKind.Count, Better.NotCompared, r => r.Cluster!.Broadcast?.Duplicated),
            new("broadcast completion (ms)", ValueKind.Milliseconds, Better.Lower, r => r.Cluster!.Broadcast?.CompletionMs?.Max),
            new("KiB per connection, all processes, end of hold", ValueKind.Kibibytes, Better.Lower, r => r.Cluster!.BytesPerConnectionEnd / BytesPerKibibyte),
            new("KiB per connection, all processes, after settle", ValueKind.Kibibytes, Better.Lower, r => r.Cluster!.BytesPerConnectionSettle / BytesPerKibibyte),
            new("RSS of all processes, end of hold (MiB)", ValueKind.Count, Better.NotCompared, r => r.Cluster!.RssEndBytes / 1048576.0),
        ],
        r => r.Cluster!.Errors);

    private const string StormMethod =
        "Every member joins one room, and a control connection emits `broadcast` at a fixed rate (each with its sequence "
        + "number; the server emits `tick` to the room). The driver keeps, as socket.io-client does, the `pid` of each "
        + "member's CONNECT answer and the last argument of every event it gets (the offset). Once one message has reached "
        + "every member, the driver cuts all their connections at once (the TCP connection closed, no close frame: "
        + "a reason the servers keep sessions for) while the stream goes on, and each member reconnects after "
        + "socket.io-client's reconnection delay (1 s ± 50 %, doubling per failed attempt), sending `pid` and `offset` in "
        + "its CONNECT. It is recovered when the answer carries the same `sid` and `pid`. A member missed the messages "
        + "emitted before its CONNECT answer that it had not received before the cut; the times run from the cut to the "
        + "last recovered member's answer, and to the arrival of the last missed message at any member. Lost counts "
        + "messages of the stream a recovered member never received (the stream goes on after the last reconnect, so "
        + "every member must end with every message); duplicated and out of order count second and late deliveries.";

    // The density rows of the bench servers and of the service as shipped, which also shows the median handshake.
    private static Metric[] DensityMetrics(bool withHandshakeP50) =>
    [
        new("KiB per connection, end of hold", ValueKind.Kibibytes, Better.Lower, r => r.Density!.BytesPerConnectionEnd / BytesPerKibibyte),
        new("KiB per connection, after settle", ValueKind.Kibibytes, Better.Lower, r => r.Density!.BytesPerConnectionSettle / BytesPerKibibyte),
        new("connections established", ValueKind.Count, Better.NotCompared, r => r.Density!.Established),
        new("connections failed", ValueKind.Count, Better.NotCompared, r => r.Density!.Failed),
        new("connections dropped", ValueKind.Count, Better.NotCompared, r => r.Density!.Dropped),
        new("connect rate (connections/s)", ValueKind.PerSecond, Better.Higher, r => r.Density!.ConnectRate),
        .. withHandshakeP50 ? [new Metric("handshake p50 (ms)", ValueKind.Milliseconds, Better.Lower, r => r.Density!.HandshakeMs?.P50)] : Array.Empty<Metric>(),
        new("handshake p99 (ms)", ValueKind.Milliseconds, Better.Lower, r => r.Density!.HandshakeMs?.P99),
    ];

    // The jobs flow's rows, on one service process and through the deployment recipe alike.
    private static Metric[] JobsMetrics() =>
    [
        new("jobs/s", ValueKind.PerSecond, Better.Higher, r => r.Jobs!.JobsPerSecond),
        new("job latency p50 (ms)", ValueKind.Milliseconds, Better.Lower, r => r.Jobs!.LatencyMs?.P50),
        new("job latency p99 (ms)", ValueKind.Milliseconds, Better.Lower, r => r.Jobs!.LatencyMs?.P99),
        new("jobs failed", ValueKind.Count, Better.NotCompared, r => r.Jobs!.Failed),
        new("results lost (accepted, never delivered)", ValueKind.Count, Better.NotCompared, r => r.Jobs!.Lost),
        new("results duplicated", ValueKind.Count, Better.NotCompared, r => r.Jobs!.Duplicated),
    ];

    private static Metric[] StormMetrics() =>
    [
        new("members recovered", ValueKind.Count, Better.NotCompared, r => r.Storm!.Recovered),
        new("members not recovered (new session)", ValueKind.Count, Better.NotCompared, r => r.Storm!.NotRecovered),
        new("members not reconnected", ValueKind.Count, Better.NotCompared, r => r.Storm!.ReconnectFailed),
        new("cut → all recovered (ms)", ValueKind.Milliseconds, Better.Lower,
            r => r.Storm!.NotRecovered == 0 && r.Storm.ReconnectFailed == 0 ? r.Storm.LastRecoveredMs : null),
        new("cut → all missed messages delivered (ms)", ValueKind.Milliseconds, Better.Lower, r => r.Storm!.LastMissedDeliveredMs),
        new("reconnect handshake p99 (ms)", ValueKind.Milliseconds, Better.Lower, r => r.Storm!.ReconnectHandshakeMs?.P99),
        new("missed messages expected", ValueKind.Count, Better.NotCompared, r => r.Storm!.MissedExpected),
        new("missed messages delivered", ValueKind.Count, Better.NotCompared, r => r.Storm!.MissedDelivered),
        new("messages lost by recovered members", ValueKind.Count, Better.NotCompared, r => r.Storm!.Lost),
        new("deliveries duplicated", ValueKind.Count, Better.NotCompared, r => r.Storm!.Duplicated),
        new("deliveries out of order", ValueKind.Count, Better.NotCompared, r => r.Storm!.OutOfOrder),
        new("connections dropped", ValueKind.Count, Better.NotCompared, r => r.Storm!.Dropped),
    ];

    public static Scenario Storm { get; } = new(
        "storm",
        "Reconnect storm: connection state recovery on one node",
        "members",
        "One server process with connection state recovery on, with its defaults (Node: `server.mjs --recovery`, "
        + "`connectionStateRecovery: {}`; ours: `BenchServer --recovery`). " + StormMethod,
        r => r.Storm is not null,
        StormMetrics(),
        r => r.Storm!.Errors);

    public static Scenario StormStreams { get; } = new(
        "storm-streams",
        "Reconnect storm across two nodes on Redis Streams",
        "members",
        "Two server processes of one kind with recovery on, sharing a fresh `redis-server` through their Redis Streams "
        + "adapter (Node: `@socket.io/redis-streams-adapter`; ours: `src/SocketIo.Redis`, `--adapter redis-streams`). "
        + "Members connect to the nodes round robin and each reconnects to the other node (as behind a balancer without "
        + "sticky sessions), which must find its session and missed messages in Redis; the stream is emitted through the "
        + "first node, so half the members get it through Redis. " + StormMethod,
        r => r.Storm is not null,
        StormMetrics(),
        r => r.Storm!.Errors);

    public static Scenario ClusterJobs { get; } = new(
        "cluster-jobs",
        "Cluster: the service's jobs on one node and on three, over Redis",
        "nodes",
        "The jobs scenario's flow (every client of a round at once: `register`, `POST /api/scripts`, its `scriptResult`) "
        + "against the deployment recipe (`deploy/start.sh`, [deploying on many nodes](deploy.md)): the service's Release "
        + "build in its Redis mode on one `redis-server` (append-only, `appendfsync always`, so each job is fsynced before "
        + "its 202), behind HAProxy, with 1 node and then with 3. The driver's WebSockets and POSTs go through HAProxy "
        + "(round robin), so with 3 nodes a job is mostly posted on another node than its socket's, and its result "
        + "crosses Redis to reach it. Latency runs from the POST to the `scriptResult`; jobs/s is the successful jobs over "
        + "the wall time of all rounds. Ours only: the Node reference keeps its jobs in memory and has no Redis mode.\n\n"
        + "On this machine every process shares the same cores (the driver, HAProxy, Redis and the nodes): three nodes "
        + "add no cores, only processes competing for them, so the 3-node figures show what the sharing costs, not how "
        + "the service scales on machines of their own.",
        r => r.Jobs is not null,
        JobsMetrics());

    public static IReadOnlyList<Scenario> All { get; } = [Density, ServiceDensity, Echo, EchoMsgpack, Broadcast, Jobs, Flood, AfterFlood, Soak, ClusterBroadcast, ClusterHold, ClusterJobs, Storm, StormStreams];
}
