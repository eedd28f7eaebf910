namespace ScriptService;

/// <summary>The service's settings (section <c>ScriptService</c>; environment variables <c>ScriptService__Name</c>).</summary>
internal sealed class ScriptServiceOptions
{
    public const string SectionName = "ScriptService";

    /// <summary>Jobs that may wait in the queue; a POST beyond it gets 503 with Retry-After. Default 1,000.</summary>
    public int QueueCapacity { get; set; } = 1000;

    /// <summary>Jobs generated at once. Default: the number of processors.</summary>
    public int Workers { get; set; } = Environment.ProcessorCount;

    /// <summary>How long one job may take before it fails with status 500. Default 2 minutes.</summary>
    public TimeSpan JobTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long running jobs may go on when the host stops; unfinished ones resume at the next start. Default 10 s.</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Socket.IO sockets the service serves at once; one more gets <c>connection_ack</c> with an error and is
    /// disconnected. Default: no limit of its own beyond <see cref="MaxConcurrentConnections"/>.
    /// </summary>
    public int? MaxConnections { get; set; }

    /// <summary>
    /// TCP connections open at once (WebSockets, polling and API requests alike); one more is answered 503 with
    /// Retry-After and closed. Default: the process's descriptor limit (<c>ulimit -n</c>) less
    /// <see cref="FileDescriptorReserve"/>, so that the server refuses cleanly instead of failing at the limit.
    /// </summary>
    public int? MaxConcurrentConnections { get; set; }

    /// <summary>
    /// Whether Socket.IO WebSockets are served by Engine.IO's own WebSocket layer on Kestrel's connection pipe (the
    /// default; it needs less memory per idle connection, see docs/benchmarks.md "Connection density") rather than by
    /// ASP.NET Core's WebSocket middleware.
    /// </summary>
    public bool DenseWebSockets { get; set; } = true;

    /// <summary>
    /// The Socket.IO parser every client of the service uses: <c>default</c> (socket.io-parser, what a client uses
    /// unless told otherwise) or <c>msgpack</c> (socket.io-msgpack-parser; clients pass it as their <c>parser</c>
    /// option). Any other value stops the service at start.
    /// </summary>
    public string Parser { get; set; } = "default";

    /// <summary>
    /// Whether a connection's reads, the code they run and its writes stay on the thread-pool thread that received
    /// the bytes (Kestrel's <c>UnsafePreferInlineScheduling</c>) rather than each moving to another one: a Socket.IO
    /// message and its ack then cross threads once instead of four times. The service's one blocking call, the job
    /// store's SQLite write, runs on a pool thread either way; code that blocks here delays the other reads of its
    /// own connection, never the runtime's epoll thread.
    /// </summary>
    public bool InlineTransportScheduling { get; set; } = true;

    /// <summary>
    /// Whether the heap is compacted, and its free memory returned to the system, once allocation goes quiet after
    /// a burst such as thousands of connections arriving; without it the GC keeps that memory for as long as the
    /// server stays idle. The compaction is a blocking full collection, so it pauses the process (longer the more
    /// connections are held), at most once a minute.
    /// </summary>
    public bool CompactHeapWhenQuiet { get; set; } = true;

    /// <summary>
    /// Whether logging scopes are captured (<c>LoggerFilterOptions.CaptureScopes</c>). Off by default: Kestrel opens a
    /// scope for every connection and holds it, with the execution context it changes, for the connection's life,
    /// which an idle connection pays for in memory, while the console's default format never shows a scope. Turn it on
    /// for a log format that shows scopes (<c>IncludeScopes</c>).
    /// </summary>
    public bool CaptureLogScopes { get; set; }

    /// <summary>Descriptors kept for everything but connections (the job store, logs, the runtime). Default 512.</summary>
    public int FileDescriptorReserve { get; set; } = 512;

    /// <summary>
    /// Socket.IO connection state recovery: a client whose connection drops and that comes back within two minutes
    /// keeps its socket, its registrations, and gets the <c>scriptProgress</c> and <c>scriptResult</c> it missed,
    /// without registering again. Every event then carries a trailing offset argument (socket.io-client reads it;
    /// other clients' handlers must accept an extra argument). Default true.
    /// </summary>
    public bool ConnectionStateRecovery { get; set; } = true;

    /// <summary>
    /// Whether the Engine.IO handshake sets the <c>io</c> cookie, whose value is the session id: a load balancer in front
    /// of several nodes learns from it which node holds the session, and sends the session's later polling requests
    /// (which carry the id as <c>sid</c>) and its WebSocket upgrade to that node (deploy/haproxy.cfg.template). Default false.
    /// </summary>
    public bool SessionCookie { get; set; }

    /// <summary>How many jobs one socket may be registered for. Default 100.</summary>
    public int MaxRegistrationsPerSocket { get; set; } = 100;

    /// <summary>
    /// Unsent bytes a socket's connection may hold and still be sent each <c>scriptProgress</c> at once. Above it the
    /// client is behind: the service holds back each job's newest report, replacing the one before, and sends it once
    /// the client has read everything (or just before the job's result). 0 holds back whenever anything is unsent.
    /// Default 16,384.
    /// </summary>
    public long ProgressBacklogBytes { get; set; } = 16 * 1024;

    /// <summary>
    /// How long a job's <c>scriptProgress</c> report may wait before it is published, from 0 to 10 seconds: the reports a
    /// job makes meanwhile go out with it, and so does the job's result if the job ends meanwhile, in one write to a
    /// client instead of one per report. Every report still goes out, in order, the last one before the result. 0
    /// publishes each report at once. Default 50 ms.
    /// </summary>
    public TimeSpan ProgressLinger { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The largest <c>POST /api/scripts</c> body, in bytes. Default 1 MB.</summary>
    public int MaxRequestBodyBytes { get; set; } = 1_000_000;

    /// <summary>
    /// Origins allowed to call the API and to open Socket.IO connections (checked on WebSocket upgrades too, from the
    /// Origin header); empty (the default) allows any origin.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>POSTs one client may make per minute before 429. Default 60.</summary>
    public int PostsPerMinute { get; set; } = 60;

    /// <summary>
    /// Whether the OpenAPI document of the HTTP API is served at <c>/openapi/v1.json</c>, with its interactive reference
    /// at <c>/docs</c>. Default true: both describe only what the API already answers to anyone.
    /// </summary>
    public bool OpenApi { get; set; } = true;

    /// <summary>Optional authentication; off unless a key or a signing secret is set.</summary>
    public AuthenticationSettings Authentication { get; set; } = new();

    /// <summary>Metrics exports; none by default.</summary>
    public MetricsSettings Metrics { get; set; } = new();

    internal sealed class MetricsSettings
    {
        /// <summary>
        /// Whether <c>/metrics</c> serves the service's, the libraries' and ASP.NET Core's meters in Prometheus text
        /// format. Default false (the endpoint is 404): it tells anyone who can reach the port about the traffic.
        /// </summary>
        public bool Prometheus { get; set; }
    }

    /// <summary>The <c>@socket.io/admin-ui</c> dashboard on the <c>/admin</c> namespace; off unless a password or its hash is set.</summary>
    public AdminSettings Admin { get; set; } = new();

    internal sealed class AdminSettings
    {
        /// <summary>The user name the dashboard must present. Default <c>admin</c>.</summary>
        public string Username { get; set; } = "admin";

        /// <summary>The dashboard's password in plain text, hashed with bcrypt at start. Prefer the environment for it.</summary>
        public string? Password { get; set; }

        /// <summary>The bcrypt hash of the dashboard's password; used rather than <see cref="Password"/> when both are set.</summary>
        public string? PasswordHash { get; set; }

        /// <summary>
        /// <c>Development</c> (the default) sends every socket's connection, rooms and events to the dashboard;
        /// <c>Production</c> only the statistics.
        /// </summary>
        public SocketIo.SocketIoAdminMode Mode { get; set; } = SocketIo.SocketIoAdminMode.Development;

        /// <summary>Whether the dashboard may only watch (no emit, join, leave or disconnect). Default false.</summary>
        public bool ReadOnly { get; set; }

        public bool IsEnabled => !string.IsNullOrEmpty(Password) || !string.IsNullOrEmpty(PasswordHash);
    }

    internal sealed class AuthenticationSettings
    {
        /// <summary>A shared API key clients present as their token. Prefer the environment for it.</summary>
        public string? ApiKey { get; set; }

        /// <summary>An HMAC-SHA256 secret; tokens are then JWTs (HS256) whose <c>sub</c> is the user.</summary>
        public string? JwtSigningKey { get; set; }

        public bool IsEnabled => !string.IsNullOrEmpty(ApiKey) || !string.IsNullOrEmpty(JwtSigningKey);
    }
}
