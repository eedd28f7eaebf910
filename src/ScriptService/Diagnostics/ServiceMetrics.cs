using System.Diagnostics.Metrics;

namespace ScriptService.Diagnostics;

/// <summary>The service's instruments, on the meter <see cref="MeterName"/>.</summary>
internal sealed class ServiceMetrics
{
    public const string MeterName = "ScriptService";

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _completed;
    private readonly Counter<long> _failed;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _connectionsRefused;

    /// <summary>Reads the queue's depth; set by the queue (Jobs), which this type does not know.</summary>
    private Func<int> _queueDepth = static () => 0;

    public ServiceMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _accepted = meter.CreateCounter<long>("scriptservice.jobs.accepted", "{job}", "Jobs accepted with 202.");
        _rejected = meter.CreateCounter<long>("scriptservice.jobs.rejected", "{job}", "POSTs refused, by reason.");
        _completed = meter.CreateCounter<long>("scriptservice.jobs.completed", "{job}", "Jobs that produced a script.");
        _failed = meter.CreateCounter<long>("scriptservice.jobs.failed", "{job}", "Jobs that failed (status 500).");
        _duration = meter.CreateHistogram<double>("scriptservice.job.duration", "s", "From the start of generation to the stored result.");
        _connectionsRefused = meter.CreateCounter<long>("scriptservice.connections.refused", "{connection}", "Connections answered 503 because the connection cap was reached.");
        meter.CreateObservableGauge("scriptservice.queue.depth", () => Volatile.Read(ref _queueDepth)(), "{job}", "Jobs waiting for a worker.");
    }

    /// <summary>Where <c>scriptservice.queue.depth</c> is read from: the job queue calls it when it is made.</summary>
    public void ObserveQueueDepth(Func<int> depth) => Volatile.Write(ref _queueDepth, depth);

    public void Accepted() => _accepted.Add(1);

    public void ConnectionRefused() => _connectionsRefused.Add(1);

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Finished(bool succeeded, TimeSpan duration)
    {
        (succeeded ? _completed : _failed).Add(1);
        _duration.Record(duration.TotalSeconds);
    }
}
