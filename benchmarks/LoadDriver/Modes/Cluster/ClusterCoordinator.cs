using System.Text.Json;
using LoadDriver.Client;
using LoadDriver.Modes.Broadcast;
using LoadDriver.Results;
using LoadDriver.Stats;
using LoadDriver.Wire;
using LoadDriver.Workers;

namespace LoadDriver.Modes.Cluster;

/// <summary>
/// Several server processes sharing one adapter (Redis): the workers spread N room members over all of them (the
/// broadcast mode's worker), then through a control connection on the first server the coordinator asks the
/// cluster who is there (<c>servers</c>) and how many members the room has (<c>count</c>), waits <c>settle</c>,
/// emits the M broadcasts (each must reach every member on every server), holds <c>hold</c> seconds, and asks the
/// count again. RSS is read per server before the ramp, after the settle and at the end, and summed.
/// </summary>
internal static class ClusterCoordinator
{
    private static readonly TimeSpan _queryTimeout = TimeSpan.FromSeconds(60);

    public static async Task<ClusterResult> RunAsync(RunContext run)
    {
        var options = run.Options;
        var token = run.Cancellation;
        var result = new ClusterResult { Target = options.Connections };
        for (var i = 0; i < options.Urls.Count; i++)
        {
            int? pid = options.ServerPids.Count > 0 ? options.ServerPids[i] : null;
            result.Servers.Add(new ClusterServerResult { Url = options.Urls[i].OriginalString, Pid = pid, RssBeforeBytes = ServerRss.Read(pid) });
        }

        var started = Ticks.Now;
        await using var pool = run.CreatePool(options.Connections);
        await pool.StartAsync(run.Template(), options.Connections, options.Concurrency, token);
        var expected = BroadcastCoordinator.ExpectedWorkers(await pool.WaitAllAsync(WorkerReport.ReadyKind, token));
        result.RampSeconds = Math.Round(Ticks.ToSeconds(Ticks.Now - started), 3);
        var control = new ControlClient(options.Messages);
        var connection = await BroadcastCoordinator.ConnectControlAsync(run, control, token);
        var roomJson = JsonSerializer.Serialize(options.Room, WireJsonContext.Default.String);
        var t0s = new long[options.Messages];
        var unacked = 0;
        try
        {
            result.OtherServers = await AskServersAsync(control, connection, token);
            if (options.AskCount)
            {
                result.CountAfterJoin = await AskCountAsync(control, connection, roomJson, token);
            }

            await pool.ConsumeForAsync(TimeSpan.FromSeconds(options.Settle), _ => { }, token);
            ReadRss(result, static (server, rss) => server.RssAfterSettleBytes = rss);

            unacked = await BroadcastCoordinator.EmitAllAsync(options.Messages, options.IntervalMs, options.Room, Payload.Make(options.PayloadBytes),
                connection, control, pool, expected, t0s, token);

            await pool.ConsumeForAsync(TimeSpan.FromSeconds(options.Hold), _ => { }, token);
            ReadRss(result, static (server, rss) => server.RssEndBytes = rss);
            if (options.AskCount)
            {
                result.CountAtEnd = await AskCountAsync(control, connection, roomJson, token);
            }
        }
        finally
        {
            connection.Close();
        }

        await pool.SendAllAsync(new WorkerCommand { Kind = WorkerCommand.CollectKind, Ticks = t0s }, token);
        var finals = await pool.WaitAllAsync(WorkerReport.ResultKind, token);
        if (unacked > 0)
        {
            Console.Error.WriteLine($"  {unacked} broadcast emit(s) not acknowledged in time");
        }

        ErrorLog.Write(finals);
        var errors = new ErrorCounter();
        foreach (var report in finals)
        {
            result.Established += report.Established;
            result.Failed += report.Failed;
            result.Joined += report.Ready;
            result.Dropped += report.Dropped;
            errors.AddRange(report.Errors);
        }

        result.Errors = errors.Snapshot();
        result.Broadcast = BroadcastCoordinator.Summarize(options.Connections, options.Messages, t0s, finals);
        result.RssBeforeBytes = Sum(result.Servers, static s => s.RssBeforeBytes);
        result.RssAfterSettleBytes = Sum(result.Servers, static s => s.RssAfterSettleBytes);
        result.RssEndBytes = Sum(result.Servers, static s => s.RssEndBytes);
        result.BytesPerConnectionSettle = PerConnection(result.RssAfterSettleBytes, result.RssBeforeBytes, result.Established);
        result.BytesPerConnectionEnd = PerConnection(result.RssEndBytes, result.RssBeforeBytes, result.Established);
        return result;
    }

    private static void ReadRss(ClusterResult result, Action<ClusterServerResult, long?> set)
    {
        foreach (var server in result.Servers)
        {
            set(server, ServerRss.Read(server.Pid));
        }
    }

    private static long? Sum(List<ClusterServerResult> servers, Func<ClusterServerResult, long?> value)
    {
        long sum = 0;
        foreach (var server in servers)
        {
            if (value(server) is not { } v)
            {
                return null;
            }

            sum += v;
        }

        return servers.Count > 0 ? sum : null;
    }

    private static double? PerConnection(long? rss, long? before, int established) =>
        rss is { } after && before is { } baseline && established > 0 ? Math.Round((double)(after - baseline) / established, 1) : null;

    /// <summary><c>servers</c> → <c>["pid", ...]</c>; null (and a line on stderr) without a well-formed answer.</summary>
    private static async Task<List<string>?> AskServersAsync(ControlClient control, SioConnection connection, CancellationToken token)
    {
        var answer = await AskAsync(control, connection, "\"servers\"", token);
        try
        {
            using var document = answer is null ? null : JsonDocument.Parse(answer);
            if (document?.RootElement is { ValueKind: JsonValueKind.Array } args && args.GetArrayLength() == 1 && args[0].ValueKind == JsonValueKind.Array)
            {
                return [.. args[0].EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()! : e.GetRawText())];
            }
        }
        catch (JsonException)
        {
        }

        Console.Error.WriteLine($"  servers: unexpected answer {answer ?? "(none)"}");
        return null;
    }

    /// <summary><c>count room</c> → the number; null (and a line on stderr) without a well-formed answer.</summary>
    private static async Task<int?> AskCountAsync(ControlClient control, SioConnection connection, string roomJson, CancellationToken token)
    {
        var answer = await AskAsync(control, connection, $"\"count\",{roomJson}", token);
        try
        {
            using var document = answer is null ? null : JsonDocument.Parse(answer);
            if (document?.RootElement is { ValueKind: JsonValueKind.Array } args && args.GetArrayLength() == 1 && args[0].TryGetInt32(out var count))
            {
                return count;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
        }

        Console.Error.WriteLine($"  count: unexpected answer {answer ?? "(none)"}");
        return null;
    }

    private static async Task<string?> AskAsync(ControlClient control, SioConnection connection, string argumentsJson, CancellationToken token)
    {
        try
        {
            return await control.AskAsync(connection, argumentsJson, _queryTimeout, token);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            Console.Error.WriteLine($"  [{argumentsJson}]: no answer ({e.Message})");
            return null;
        }
    }
}
