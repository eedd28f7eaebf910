using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ScriptService.Hosting;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>
/// The two limits: MaxConnections (Socket.IO sockets: an error connection_ack, then a disconnect) and the connection
/// cap below the descriptor limit (TCP connections: 503 and close, the open ones served on).
/// </summary>
public sealed class CapacityTests
{
    [Theory]
    [InlineData(20_000L, 512, 19_488)]
    [InlineData(1_024L, 512, 512)]
    [InlineData(100L, 512, 1)]
    [InlineData(null, 512, int.MaxValue)]
    public void ConnectionCap_IsTheDescriptorLimitLessTheReserve(long? descriptorLimit, int reserve, int expected) =>
        Assert.Equal(expected, ConnectionCap.Derive(descriptorLimit, reserve));

    [Fact]
    public void ConnectionCap_ByDefault_FollowsThisProcessDescriptorLimit()
    {
        var limit = FileDescriptorLimit.Read();
        Assert.True(limit is null || limit > 0);
        if (OperatingSystem.IsLinux())
        {
            // The same number the shell's `ulimit -n` shows, read from the kernel's own account of this process.
            var line = File.ReadLines("/proc/self/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            var soft = line["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            Assert.Equal(soft == "unlimited" ? null : long.Parse(soft, System.Globalization.CultureInfo.InvariantCulture), limit);
        }
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("false", false)]
    public async Task HeapCompaction_RunsByDefault_AndCanBeTurnedOff(string? setting, bool expected)
    {
        await using var host = await ServiceHost.StartAsync(new Dictionary<string, string?> { ["ScriptService:CompactHeapWhenQuiet"] = setting });

        var compacting = host.Services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().Any(s => s.GetType().Name == "HeapCompactionService");
        Assert.Equal(expected, compacting);
    }

    /// <summary>
    /// Scopes are not captured unless asked for: Kestrel's connection scope would otherwise be held by every connection
    /// for its life. Off, a scope is the shared no-op one; on, the logging scope provider sees it.
    /// </summary>
    [Theory]
    [InlineData(null, false)]
    [InlineData("true", true)]
    public async Task LogScopes_OffByDefault_AndCanBeTurnedOn(string? setting, bool expected)
    {
        var watcher = new ScopeWatcher();
        await using var host = await ServiceHost.StartAsync(
            new Dictionary<string, string?> { ["ScriptService:CaptureLogScopes"] = setting }, configure: builder => builder.Logging.AddProvider(watcher));

        var filters = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<LoggerFilterOptions>>();
        Assert.Equal(expected, filters.CurrentValue.CaptureScopes);
        var logger = host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.AspNetCore.Server.Kestrel");
        var scopes = watcher.Scopes;
        Assert.NotNull(scopes);
        var seen = new List<object?>();
        using (logger.BeginScope("connection scope"))
        {
            scopes.ForEachScope(static (scope, list) => list.Add(scope), seen);
        }

        Assert.Equal(expected ? ["connection scope"] : [], seen);
    }

    /// <summary>A log provider that reads the scopes the logging infrastructure keeps, as the console's does.</summary>
    private sealed class ScopeWatcher : ILoggerProvider, ISupportExternalScope
    {
        public IExternalScopeProvider? Scopes { get; private set; }

        public ILogger CreateLogger(string categoryName) => Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => Scopes = scopeProvider;

        public void Dispose()
        {
        }
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("false", false)]
    public async Task InlineTransportScheduling_OnByDefault_AndCanBeTurnedOff(string? setting, bool expected)
    {
        await using var host = await ServiceHost.StartAsync(new Dictionary<string, string?> { ["ScriptService:InlineTransportScheduling"] = setting });

        var sockets = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets.SocketTransportOptions>>();
        Assert.Equal(expected, sockets.Value.UnsafePreferInlineScheduling);
        await using var node = NodeDriver.Start(host);
        var client = await node.ConnectAsync("first");
        Assert.Equal("success", client.GetProperty("ack").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Connections_BeyondTheCap_Refused503_WhileTheOpenOnesAreServed()
    {
        const int Cap = 4;
        await using var host = await ServiceHost.StartAsync(new Dictionary<string, string?> { ["ScriptService:MaxConcurrentConnections"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await using var node = NodeDriver.Start(host);
        var first = await node.ConnectAsync("first");
        Assert.Equal("success", first.GetProperty("ack").GetProperty("status").GetString());

        // The socket holds one connection; three more fit, and every one after them is refused.
        var held = new List<TcpClient>();
        var refusals = new List<string>();
        try
        {
            for (var i = 0; i < Cap + 4; i++)
            {
                var client = new TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, host.Port).DefaultTimeout();
                var response = await GetHealthAsync(client);
                if (response.StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
                {
                    held.Add(client);
                    continue;
                }

                refusals.Add(response);
                client.Dispose();
            }

            Assert.Equal(Cap - 1, held.Count);
            Assert.Equal(5, refusals.Count);
            Assert.All(refusals, r =>
            {
                Assert.StartsWith("HTTP/1.1 503 Service Unavailable\r\n", r, StringComparison.Ordinal);
                Assert.Contains("\r\nRetry-After: 5\r\n", r, StringComparison.Ordinal);
                Assert.Contains("\r\nConnection: close\r\n", r, StringComparison.Ordinal);
            });

            // The connections inside the cap are untouched: the socket and a kept-alive HTTP connection still answer.
            var jobId = Scripts.NewJobId();
            Expect.AckSuccess(await node.RegisterAsync("first", jobId), jobId);
            Assert.StartsWith("HTTP/1.1 200", await GetHealthAsync(held[0]), StringComparison.Ordinal);

            // A burst is logged once, not once per connection.
            Assert.Single(host.Logs.Find("Refused 1 connections"));
            Assert.Empty(host.Logs.Find("Refused 2"));
        }
        finally
        {
            foreach (var client in held)
            {
                client.Dispose();
            }
        }

        // Closed connections free their places: a client that retries as told is served again.
        using var retrying = new CancellationTokenSource(TaskTimeoutExtensions.DefaultTimeoutValue);
        while (true)
        {
            using var client = new TcpClient();
            await client.ConnectAsync(System.Net.IPAddress.Loopback, host.Port, retrying.Token);
            if ((await GetHealthAsync(client)).StartsWith("HTTP/1.1 200", StringComparison.Ordinal))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), retrying.Token);
        }

        Assert.InRange(host.Services.GetRequiredService<ConnectionCap>().Open, 1, Cap);
    }

    [Fact]
    public async Task ConnectionCap_CountsByKestrelsOwnCount_ThisHostsOnly()
    {
        // Kestrel's count, so that the cap holds nothing per connection; the count of this host's Kestrel alone, though
        // another host (with connections of its own) runs in the same process.
        const int OtherConnections = 5;
        await using var host = await ServiceHost.StartAsync();
        await using var other = await ServiceHost.StartAsync();
        var held = new List<TcpClient>();
        try
        {
            for (var i = 0; i < OtherConnections; i++)
            {
                var connection = new TcpClient();
                held.Add(connection);
                await connection.ConnectAsync(System.Net.IPAddress.Loopback, other.Port).DefaultTimeout();
                Assert.StartsWith("HTTP/1.1 200", await GetHealthAsync(connection), StringComparison.Ordinal);
            }

            using var client = new TcpClient();
            await client.ConnectAsync(System.Net.IPAddress.Loopback, host.Port).DefaultTimeout();
            Assert.StartsWith("HTTP/1.1 200", await GetHealthAsync(client), StringComparison.Ordinal);

            var cap = host.Services.GetRequiredService<ConnectionCap>();
            Assert.True(cap.CountsByKestrel);
            Assert.InRange(cap.Open, 1, OtherConnections - 1);
            Assert.InRange(other.Services.GetRequiredService<ConnectionCap>().Open, OtherConnections, OtherConnections + 1);
        }
        finally
        {
            foreach (var connection in held)
            {
                connection.Dispose();
            }
        }
    }

    /// <summary>Sends GET /healthz on a raw connection and returns the response's head and body as text.</summary>
    private static async Task<string> GetHealthAsync(TcpClient client)
    {
        var stream = client.GetStream();
        await stream.WriteAsync("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray()).AsTask().DefaultTimeout();
        var received = new StringBuilder();
        var buffer = new byte[1024];
        while (true)
        {
            var read = await stream.ReadAsync(buffer).AsTask().DefaultTimeout();
            if (read == 0)
            {
                return received.ToString();
            }

            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            if (IsComplete(received.ToString()))
            {
                return received.ToString();
            }
        }
    }

    /// <summary>Whether a response is whole: its head, then Content-Length bytes or a chunked body's last chunk.</summary>
    private static bool IsComplete(string response)
    {
        var headEnd = response.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        if (headEnd < 0)
        {
            return false;
        }

        var head = response[..headEnd];
        const string LengthHeader = "\r\nContent-Length: ";
        var lengthAt = head.IndexOf(LengthHeader, StringComparison.OrdinalIgnoreCase);
        if (lengthAt >= 0)
        {
            var value = head[(lengthAt + LengthHeader.Length)..].Split("\r\n")[0];
            return response.Length - headEnd - 4 >= int.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        }

        return response.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal);
    }
}
