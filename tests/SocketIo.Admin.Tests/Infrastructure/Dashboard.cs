using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SocketIo.Admin.Tests.Infrastructure;

/// <summary>
/// The Node driver (dashboard/driver.mjs): sockets of the official socket.io-client, some of which speak as the admin
/// dashboard does. The test sends commands; every event any of its sockets receives comes back as one JSON line, and
/// the test awaits the line it expects (with a timeout), so nothing waits on time.
/// </summary>
public sealed class Dashboard : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Lock _lock = new();
    private readonly List<JsonElement> _lines = [];
    private readonly StringBuilder _stderr = new();
    private readonly Task _reader;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The folder of the scripts and their <c>node_modules</c>.</summary>
    public static string Directory { get; } = typeof(Dashboard).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "DashboardDirectory").Value!;

    private Dashboard(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
        _process.BeginErrorReadLine();
        _reader = ReadAsync();
    }

    public static Dashboard Start()
    {
        NodeScript.EnsureInstalled(Directory, "npm ci --prefix tests/SocketIo.Admin.Tests/dashboard");
        var process = new Process { StartInfo = NodeScript.CreateStartInfo(Directory, "driver.mjs", []) };
        NodeScript.Start(process);
        return new Dashboard(process);
    }

    /// <summary>Connects a socket named <paramref name="name"/> to <paramref name="url"/> (the namespace's full URL).</summary>
    public Task ConnectAsync(string name, string url, object? auth = null, string[]? transports = null) =>
        SendAsync(new JsonObject
        {
            ["cmd"] = "connect",
            ["name"] = name,
            ["url"] = url,
            ["auth"] = auth is null ? new JsonObject() : JsonSerializer.SerializeToNode(auth),
            ["transports"] = transports is null ? null : new JsonArray([.. transports.Select(t => JsonValue.Create(t))]),
        });

    /// <summary>Connects and waits for the CONNECT answer; returns the socket's id.</summary>
    public async Task<string> ConnectedAsync(string name, string url, object? auth = null, string[]? transports = null)
    {
        var from = Count;
        await ConnectAsync(name, url, auth, transports);
        var line = await WaitAsync(name, l => Event(l) is "connect" or "connect_error", from);
        Assert.True(Event(line) == "connect", $"'{name}' was refused: {line}{Environment.NewLine}{Describe()}");
        return line.GetProperty("id").GetString()!;
    }

    public Task EmitAsync(string name, string eventName, params object?[] args) =>
        SendAsync(new JsonObject
        {
            ["cmd"] = "emit",
            ["name"] = name,
            ["event"] = eventName,
            ["args"] = JsonSerializer.SerializeToNode(args),
        });

    public Task DisconnectAsync(string name) => SendAsync(new JsonObject { ["cmd"] = "disconnect", ["name"] = name });

    /// <summary>How many lines came so far: a wait from here sees only what comes next.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _lines.Count;
            }
        }
    }

    /// <summary>Every line so far.</summary>
    public IReadOnlyList<JsonElement> Lines
    {
        get
        {
            lock (_lock)
            {
                return [.. _lines];
            }
        }
    }

    public static string? Event(JsonElement line) => line.TryGetProperty("event", out var e) ? e.GetString() : null;

    public static JsonElement Args(JsonElement line) => line.GetProperty("args");

    /// <summary>The first line of socket <paramref name="name"/> from index <paramref name="from"/> on that matches.</summary>
    public async Task<JsonElement> WaitAsync(string name, Func<JsonElement, bool> match, int from = 0)
    {
        using var deadline = new CancellationTokenSource(TaskTimeoutExtensions.DefaultTimeoutValue);
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                for (var i = from; i < _lines.Count; i++)
                {
                    var line = _lines[i];
                    if (line.TryGetProperty("name", out var n) && n.GetString() == name && match(line))
                    {
                        return line;
                    }
                }

                from = _lines.Count;
                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"'{name}' did not get the expected event within {TaskTimeoutExtensions.DefaultTimeoutValue}.{Environment.NewLine}{Describe()}");
            }
        }
    }

    /// <summary>The first event <paramref name="eventName"/> of socket <paramref name="name"/> whose arguments match.</summary>
    public Task<JsonElement> WaitEventAsync(string name, string eventName, Func<JsonElement, bool>? match = null, int from = 0) =>
        WaitAsync(name, line => Event(line) == eventName && (match is null || match(Args(line))), from);

    public string Describe()
    {
        var text = new StringBuilder("--- driver output ---").AppendLine();
        foreach (var line in Lines.TakeLast(60))
        {
            text.AppendLine(line.GetRawText());
        }

        lock (_stderr)
        {
            text.AppendLine("--- driver stderr ---").Append(_stderr);
        }

        return text.ToString();
    }

    private async Task SendAsync(JsonObject command)
    {
        await _process.StandardInput.WriteLineAsync(command.ToJsonString());
        await _process.StandardInput.FlushAsync();
    }

    private async Task ReadAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } text)
        {
            if (!text.StartsWith('{'))
            {
                continue;
            }

            JsonElement line;
            try
            {
                line = JsonDocument.Parse(text).RootElement;
            }
            catch (JsonException)
            {
                continue;
            }

            TaskCompletionSource changed;
            lock (_lock)
            {
                _lines.Add(line);
                changed = _changed;
                _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            changed.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // End of input: the driver disconnects its sockets and exits.
            _process.StandardInput.Close();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or InvalidOperationException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        await _reader.WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }
}
