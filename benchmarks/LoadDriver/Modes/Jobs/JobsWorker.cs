using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using LoadDriver.Client;
using LoadDriver.Stats;
using LoadDriver.Wire;
using LoadDriver.Workers;

namespace LoadDriver.Modes.Jobs;

/// <summary>
/// Connects the worker's clients and waits for their <c>connection_ack</c>; then, per <c>round</c> command, every
/// client runs one job at once: register (ack) → POST /api/scripts (202) → its scriptResult (201).
/// </summary>
internal static class JobsWorker
{
    private static readonly TimeSpan _connectionAckTimeout = TimeSpan.FromSeconds(30);
    private static readonly MediaTypeHeaderValue _json = new("application/json");

    public static async Task RunAsync(WorkerContext context)
    {
        var shared = new JobsShared();
        var clients = new JobsClient[context.Start.Count];
        var ramp = new ConnectionRamp(context);
        await ramp.OpenAsync(i => clients[i] = new JobsClient(shared));
        var ready = await AwaitConnectionAcksAsync(context, ramp, clients, shared);
        var readyCount = 0;
        foreach (var flag in ready)
        {
            readyCount += flag ? 1 : 0;
        }

        context.Report(new WorkerReport { Kind = WorkerReport.ReadyKind, Established = ramp.Established, Failed = ramp.Failed, Ready = readyCount });

        using var http = LoopbackHttp.Create(context.Start.HttpBase, SourceAddresses.ForHttp);
        while (await context.NextCommandAsync() is { Kind: WorkerCommand.RoundKind } command)
        {
            var jobs = new List<Task<int>>(readyCount);
            for (var i = 0; i < clients.Length; i++)
            {
                if (ready[i])
                {
                    jobs.Add(RunJobAsync(context, http, ramp.Connections[i]!, clients[i], context.Start.FirstIndex + i, command.Round, shared));
                }
            }

            var samples = new IntList(jobs.Count);
            foreach (var job in jobs)
            {
                if (await job is var micros and >= 0)
                {
                    samples.Add(micros);
                }
            }

            context.Report(new WorkerReport { Kind = WorkerReport.RoundDoneKind, Samples = samples.ToArray() });
        }

        var report = ramp.CloseAndReport(shared.Errors);
        report.Ready = readyCount;
        report.Duplicated = shared.Duplicated;
        report.Lost = shared.Lost;
        context.Report(report);
    }

    private static async Task<bool[]> AwaitConnectionAcksAsync(WorkerContext context, ConnectionRamp ramp, JobsClient[] clients, JobsShared shared)
    {
        var ready = new bool[clients.Length];
        var deadline = Ticks.Now + Ticks.FromSeconds(_connectionAckTimeout.TotalSeconds);
        for (var i = 0; i < clients.Length; i++)
        {
            if (ramp.Connections[i] is null)
            {
                continue;
            }

            try
            {
                var remaining = TimeSpan.FromSeconds(Math.Max(0, Ticks.ToSeconds(deadline - Ticks.Now)));
                ready[i] = await clients[i].ConnectionAck.WaitAsync(remaining, context.Cancellation);
                if (!ready[i])
                {
                    shared.Errors.Add("connection_ack with an error status");
                }
            }
            catch (TimeoutException)
            {
                shared.Errors.Add("no connection_ack");
            }
            catch (InvalidOperationException)
            {
                // Dropped before the ack: already counted by the client.
            }
        }

        return ready;
    }

    /// <summary>One job; returns POST → scriptResult in microseconds, or -1 when it failed (the error is counted).</summary>
    private static async Task<int> RunJobAsync(
        WorkerContext context, HttpClient http, SioConnection connection, JobsClient client, int globalIndex, int round, JobsShared shared)
    {
        var jobId = $"ld_{context.Start.RunId}_{round}_{globalIndex}";
        var (registered, result, ackId) = client.Begin(jobId);
        var accepted = false;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.Cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(context.Start.JobTimeoutSeconds));
        try
        {
            await connection.SendAsync(ClientFrames.Text($"42{ackId}[\"register\",{JsonSerializer.Serialize(jobId, WireJsonContext.Default.String)}]"));
            if (!await registered.WaitAsync(timeout.Token))
            {
                shared.Errors.Add("register acknowledged with an error status");
                return -1;
            }

            var body = new ScriptPostBody { JobId = jobId, Topic = $"Topic {globalIndex}", Language = globalIndex % 2 == 1 ? "en" : "vi" };
            using var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, WireJsonContext.Default.ScriptPostBody));
            content.Headers.ContentType = _json;
            var posted = Ticks.Now;
            using (var response = await http.PostAsync("/api/scripts", content, timeout.Token))
            {
                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    shared.Errors.Add($"POST /api/scripts: HTTP {(int)response.StatusCode}");
                    return -1;
                }
            }

            accepted = true;
            var (status, arrivedAt) = await result.WaitAsync(timeout.Token);
            if (status != 201)
            {
                shared.Errors.Add($"scriptResult status {status}");
                return -1;
            }

            return Ticks.ToMicros(arrivedAt - posted);
        }
        catch (OperationCanceledException) when (!context.Cancellation.IsCancellationRequested)
        {
            shared.Errors.Add(accepted ? "job timeout: accepted, no scriptResult" : "job timeout");
            if (accepted)
            {
                shared.AddLost();
            }
        }
        catch (HttpRequestException e)
        {
            shared.Errors.Add($"POST /api/scripts failed: {e.HttpRequestError}");
        }
        catch (Exception e) when (e is InvalidOperationException or SocketException or ObjectDisposedException)
        {
            // A drop is counted by the client; a failed send is counted here.
            if (e is not InvalidOperationException)
            {
                shared.Errors.Add($"register send failed: {e.Message}");
            }
            else if (accepted)
            {
                // Dropped after the 202: the job's result can no longer reach this client.
                shared.AddLost();
            }
        }

        return -1;
    }
}
