using System.Globalization;

namespace LoadDriver.Results;

/// <summary>The one-line human summary printed after every run.</summary>
internal static class Summary
{
    public static string Line(RunResult result)
    {
        var label = result.Label.Length > 0 ? $"[{result.Label}] " : "";
        var text = result switch
        {
            { Density: { } d } =>
                $"density: {d.Established}/{d.Target} established, {d.Failed} failed, {d.Dropped} dropped; " +
                $"{d.ConnectRate} conn/s over {d.ConnectSeconds} s; handshake p50 {d.HandshakeMs.P50} ms p99 {d.HandshakeMs.P99} ms; " +
                $"RSS {Mib(d.RssBeforeBytes)} -> {Mib(d.RssAfterSettleBytes)} -> {Mib(d.RssEndBytes)} MiB; " +
                $"{Bytes(d.BytesPerConnectionSettle)} / {Bytes(d.BytesPerConnectionEnd)} B/conn (settle/end); {d.PingsAnswered} pings in the hold",
            { Echo: { } e } =>
                $"echo: {e.Connections} conns, {e.Acks} acks in {e.MeasuredSeconds} s = {e.AcksPerSecond} acks/s; " +
                $"p50 {e.LatencyMs.P50} p90 {e.LatencyMs.P90} p99 {e.LatencyMs.P99} p99.9 {e.LatencyMs.P999} max {e.LatencyMs.Max} ms; {e.Errors} errors",
            { Broadcast: { } b } =>
                $"broadcast: {b.Connections} conns x {b.Messages} msgs; completion p50 {b.CompletionMs.P50} p99 {b.CompletionMs.P99} max {b.CompletionMs.Max} ms; " +
                $"delivery p50 {b.DeliveryMs.P50} p99 {b.DeliveryMs.P99} ms; {b.Missing} missing, {b.Duplicated} duplicated",
            { Jobs: { } j } =>
                $"jobs: {j.Jobs}/{(long)j.Clients * j.Rounds} ok ({j.Clients} clients x {j.Rounds} rounds), {j.JobsPerSecond} jobs/s; " +
                $"latency p50 {j.LatencyMs.P50} p99 {j.LatencyMs.P99} max {j.LatencyMs.Max} ms; {j.Failed} failed, {j.Lost} lost, {j.Duplicated} duplicated" +
                (j.Clean ? "" : "; NOT CLEAN"),
            { Soak: { } s } =>
                $"soak: {s.Established}/{s.Target} established, {s.OpenAtEnd} open at the end (min {s.OpenMin}), {s.Dropped} dropped; " +
                $"{s.ChurnCycles} churn cycles ({s.ChurnFailed} failed); jobs {s.JobsCompleted}/{s.JobsStarted} completed, {s.JobsFailed} failed, " +
                $"{s.JobsLost} lost, {s.JobsDuplicated} duplicated, p50 {s.JobLatencyMs.P50} p99 {s.JobLatencyMs.P99} ms; " +
                string.Join("; ", s.Flatness.Select(f => $"{f.Metric} {f.Verdict} ({Signed(f.ChangePercent)} %, {Signed(f.SlopePerHour)} {f.Unit}/h)")) +
                $"; {(s.Flat ? "FLAT" : "NOT FLAT")}, {(s.NothingLost ? "nothing lost" : "SOMETHING LOST")}",
            { Cluster: { } c } =>
                $"cluster: {c.Established}/{c.Target} established over {c.Servers.Count} servers, {c.Joined} joined, {c.Failed} failed, {c.Dropped} dropped; " +
                $"count {c.CountAfterJoin?.ToString(CultureInfo.InvariantCulture) ?? "?"} -> {c.CountAtEnd?.ToString(CultureInfo.InvariantCulture) ?? "?"}; " +
                $"other servers {(c.OtherServers is { } o ? o.Count.ToString(CultureInfo.InvariantCulture) : "?")}; " +
                $"RSS (sum) {Mib(c.RssBeforeBytes)} -> {Mib(c.RssAfterSettleBytes)} -> {Mib(c.RssEndBytes)} MiB; " +
                $"{Bytes(c.BytesPerConnectionSettle)} / {Bytes(c.BytesPerConnectionEnd)} B/conn (settle/end); " +
                $"{c.Broadcast.Messages} broadcasts: completion p50 {c.Broadcast.CompletionMs.P50} p99 {c.Broadcast.CompletionMs.P99} max {c.Broadcast.CompletionMs.Max} ms; " +
                $"{c.Broadcast.Missing} missing, {c.Broadcast.Duplicated} duplicated",
            { Storm: { } s } =>
                $"storm: {s.Members} members cut after {s.MessagesBeforeCut} of {s.Messages} msgs; {s.Recovered} recovered, {s.NotRecovered} not recovered, " +
                $"{s.ReconnectFailed} failed to reconnect; last recovered at {Ms(s.LastRecoveredMs)} ms (p50 {s.RecoverMs.P50} p99 {s.RecoverMs.P99}); " +
                $"missed {s.MissedDelivered}/{s.MissedExpected} delivered, all by {Ms(s.LastMissedDeliveredMs)} ms; " +
                $"{s.Lost} lost ({s.LostNotRecovered} by unrecovered), {s.Duplicated} duplicated, {s.OutOfOrder} out of order, {s.Dropped} dropped",
            _ => "no result",
        };
        return label + text;
    }

    private static string Mib(long? bytes) =>
        bytes is { } value ? (value / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture) : "?";

    private static string Ms(double? value) =>
        value is { } v ? v.ToString("0.#", CultureInfo.InvariantCulture) : "?";

    private static string Signed(double? value) =>
        value is { } v ? v.ToString("+0.##;-0.##;0", CultureInfo.InvariantCulture) : "?";

    private static string Bytes(double? value) =>
        value is { } v ? v.ToString("0", CultureInfo.InvariantCulture) : "?";
}
