using System.Text.Json;
using LoadDriver.Cli;
using LoadDriver.Client;
using LoadDriver.Stats;
using LoadDriver.Wire;

namespace LoadDriver.Modes.Storm;

/// <summary>The control connection's broadcasts at a fixed rate (a schedule, not a pause after each), seq 1 up to
/// the cap, until cancelled.</summary>
internal sealed class StormStream(DriverOptions options, SioConnection connection)
{
    private readonly string _prefix = $"\"broadcast\",{{\"room\":{JsonSerializer.Serialize(options.Room, WireJsonContext.Default.String)},\"seq\":";
    private readonly string _payload = Payload.Make(options.PayloadBytes);
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _emitted;

    public long[] T0s { get; } = new long[options.Messages];

    public int Emitted => Volatile.Read(ref _emitted);

    /// <summary>Completes at the next emit.</summary>
    public Task NextEmit => Volatile.Read(ref _next).Task;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.IntervalMs));
        try
        {
            for (var seq = 1; seq <= options.Messages; seq++)
            {
                var frame = ClientFrames.Text($"42{seq}[{_prefix}{seq},\"payload\":\"{_payload}\"}}]");
                T0s[seq - 1] = Ticks.Now;
                await connection.SendAsync(frame);
                Volatile.Write(ref _emitted, seq);
                Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                if (!await timer.WaitForNextTickAsync(cancellationToken))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _next.TrySetResult();
        }
    }
}
