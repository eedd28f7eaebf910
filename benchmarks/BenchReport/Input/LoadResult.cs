using System.Text.Json;

namespace BenchReport.Input;

// One LoadDriver result file (benchmarks/LoadDriver/README.md, "Result"). Only the section of its mode is present.
// Every number is nullable: a field the driver could not measure is shown as missing, never as zero.

internal sealed record LoadResult(
    string? Mode,
    string? Label,
    string? Url,
    string? StartedAt,
    double? DurationSeconds,
    Dictionary<string, JsonElement>? Parameters,
    DensityResult? Density,
    EchoResult? Echo,
    BroadcastResult? Broadcast,
    JobsResult? Jobs,
    SoakResult? Soak = null,
    ClusterResult? Cluster = null,
    StormResult? Storm = null);

internal sealed record Quantiles(double? P50, double? P90, double? P99, double? P999, double? Max);

internal sealed record ErrorCount(string Message, long Count);

internal sealed record DensitySample(double Seconds, long Connections, long RssBytes);

internal sealed record DensityResult(
    long? Target,
    long? Established,
    long? Failed,
    long? Dropped,
    IReadOnlyList<ErrorCount>? Errors,
    double? ConnectSeconds,
    double? ConnectRate,
    Quantiles? HandshakeMs,
    long? RssBeforeBytes,
    long? RssAfterSettleBytes,
    long? RssEndBytes,
    double? BytesPerConnectionSettle,
    double? BytesPerConnectionEnd,
    long? PingsAnswered,
    IReadOnlyList<DensitySample>? Samples);

internal sealed record PercentilePoint(double Percentile, double Ms);

internal sealed record EchoResult(
    long? Connections,
    double? MeasuredSeconds,
    long? Acks,
    double? AcksPerSecond,
    long? Errors,
    Quantiles? LatencyMs,
    IReadOnlyList<PercentilePoint>? Percentiles);

internal sealed record MessageCompletion(long Seq, double? CompletionMs);

internal sealed record BroadcastResult(
    long? Connections,
    long? Messages,
    long? Missing,
    long? Duplicated,
    Quantiles? CompletionMs,
    Quantiles? DeliveryMs,
    IReadOnlyList<MessageCompletion>? PerMessage);

internal sealed record JobsResult(
    long? Clients,
    long? Rounds,
    long? Jobs,
    long? Failed,
    long? Lost,
    long? Duplicated,
    double? JobsPerSecond,
    Quantiles? LatencyMs);

internal sealed record SoakSample(
    double Seconds,
    string? Phase,
    long Connections,
    long? RssBytes,
    long? Descriptors,
    long? Threads,
    long? HeapBytes,
    long? GcHeapSizeBytes,
    long? Gen2Collections,
    long? GcCommittedBytes,
    long JobsCompleted,
    long ChurnCycles);

internal sealed record FlatnessResult(
    string Metric,
    string? Unit,
    bool Judged,
    double TolerancePercent,
    int Samples,
    string? Statistic,
    double? FirstThird,
    double? LastThird,
    double? ChangePercent,
    double? SlopePerHour,
    double? RisePercent,
    string? Verdict);

internal sealed record SoakResult(
    long? Target,
    double? DurationSeconds,
    double? WarmupSeconds,
    double? SampleIntervalSeconds,
    double? ChurnPerSecond,
    double? JobsPerSecond,
    Dictionary<string, long>? Transports,
    long? Established,
    long? Failed,
    double? RampSeconds,
    long? OpenMin,
    long? OpenAtEnd,
    long? Dropped,
    long? ChurnCycles,
    long? ChurnFailed,
    long? JobsStarted,
    long? JobsPosted,
    long? JobsCompleted,
    long? JobsFailed,
    long? JobsLost,
    long? JobsDuplicated,
    Quantiles? JobLatencyMs,
    IReadOnlyList<ErrorCount>? Errors,
    double? SoakStartSeconds,
    double? MeasureStartSeconds,
    double? SoakEndSeconds,
    string? HeapSource,
    IReadOnlyList<SoakSample>? Samples,
    IReadOnlyList<FlatnessResult>? Flatness,
    bool? Flat,
    bool? NothingLost);

internal sealed record ClusterServerResult(string? Url, int? Pid, long? RssBeforeBytes, long? RssAfterSettleBytes, long? RssEndBytes);

internal sealed record ClusterResult(
    long? Target,
    long? Established,
    long? Failed,
    long? Joined,
    long? Dropped,
    double? RampSeconds,
    IReadOnlyList<string>? OtherServers,
    long? CountAfterJoin,
    long? CountAtEnd,
    IReadOnlyList<ClusterServerResult>? Servers,
    long? RssBeforeBytes,
    long? RssAfterSettleBytes,
    long? RssEndBytes,
    double? BytesPerConnectionSettle,
    double? BytesPerConnectionEnd,
    IReadOnlyList<ErrorCount>? Errors,
    BroadcastResult? Broadcast);

internal sealed record StormResult(
    long? Target,
    long? Established,
    long? Failed,
    long? Members,
    long? Recoverable,
    long? Messages,
    long? MessagesBeforeCut,
    long? Unacked,
    double? IntervalMs,
    long? Reconnected,
    long? Recovered,
    long? NotRecovered,
    long? ReconnectFailed,
    double? LastRecoveredMs,
    Quantiles? RecoverMs,
    Quantiles? ReconnectHandshakeMs,
    long? MissedExpected,
    long? MissedDelivered,
    double? LastMissedDeliveredMs,
    Quantiles? MissedCompleteMs,
    long? Lost,
    long? LostNotRecovered,
    long? Duplicated,
    long? OutOfOrder,
    long? Dropped,
    IReadOnlyList<ErrorCount>? Errors);
