using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace TestUtilities;

/// <summary>
/// Records the measurements of one instrument of one server (its <see cref="IMeterFactory"/> is the meter's scope),
/// so that servers of tests running in parallel do not mix.
/// </summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(long Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();
    private readonly TaskCompletionSource<long> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly string _instrumentName;

    public MetricRecorder(IMeterFactory meterFactory, string meterName, string instrumentName)
    {
        _instrumentName = instrumentName;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meterFactory && instrument.Meter.Name == meterName && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            _measurements.Enqueue((value, tags.ToArray()));
            _first.TrySetResult(value);
        });
        _listener.Start();
    }

    public IReadOnlyList<(long Value, KeyValuePair<string, object?>[] Tags)> Measurements => [.. _measurements];

    public long Sum => _measurements.Sum(static m => m.Value);

    /// <summary>The first measurement's value, once there is one.</summary>
    public async Task<long> FirstAsync()
    {
        try
        {
            return await _first.Task.DefaultTimeout();
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"Nothing was measured on {_instrumentName}.", ex);
        }
    }

    public void Dispose() => _listener.Dispose();
}
