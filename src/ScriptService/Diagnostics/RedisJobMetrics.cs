using System.Diagnostics.Metrics;

namespace ScriptService.Diagnostics;

/// <summary>The Redis mode's instruments, on the service's meter (<see cref="ServiceMetrics.MeterName"/>).</summary>
internal sealed class RedisJobMetrics
{
    private readonly Counter<long> _takenOver;
    private readonly Counter<long> _handedBack;
    private readonly Counter<long> _lost;
    private readonly Counter<long> _duplicateCompletions;
    private readonly Counter<long> _failures;

    public RedisJobMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(ServiceMetrics.MeterName);
        _takenOver = meter.CreateCounter<long>("scriptservice.redis.jobs.taken_over", "{job}", "Jobs this node took over from a node that stopped renewing them.");
        _handedBack = meter.CreateCounter<long>("scriptservice.redis.jobs.handed_back", "{job}", "Unfinished jobs this node handed back to the others as it stopped.");
        _lost = meter.CreateCounter<long>("scriptservice.redis.jobs.lost_claims", "{job}", "Jobs another node took over while this node still ran them.");
        _duplicateCompletions = meter.CreateCounter<long>("scriptservice.redis.jobs.duplicate_completions", "{job}", "Completions that found the job finished already (by another node), and stored nothing.");
        _failures = meter.CreateCounter<long>("scriptservice.redis.failures", "{call}", "Queue calls to Redis that failed (unreachable, timed out or refused), by operation.");
    }

    public void TakenOver() => _takenOver.Add(1);

    public void HandedBack() => _handedBack.Add(1);

    public void LostClaim() => _lost.Add(1);

    public void DuplicateCompletion() => _duplicateCompletions.Add(1);

    public void Failed(string operation) => _failures.Add(1, new KeyValuePair<string, object?>("operation", operation));
}
