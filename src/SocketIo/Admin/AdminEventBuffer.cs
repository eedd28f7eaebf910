using System.Text.Json;

namespace SocketIo.Admin;

/// <summary>
/// Counts what happened per second (connections, disconnections by reason, packets and bytes each way) until the next
/// statistics take them: the reference's aggregated events, which the dashboard charts. Between two statistics it holds
/// a few entries per second, so it stays small.
/// </summary>
internal sealed class AdminEventBuffer(TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private Dictionary<(long Timestamp, string Type, string? SubType), long> _counts = [];

    public void Push(string type, string? subType = null, long count = 1)
    {
        var timestamp = Second();
        lock (_lock)
        {
            var key = (timestamp, type, subType);
            _counts[key] = _counts.GetValueOrDefault(key) + count;
        }
    }

    /// <summary>One packet and its bytes, in one lock.</summary>
    public void PushPacket(bool outgoing, long bytes)
    {
        var timestamp = Second();
        var (packets, size) = outgoing ? ("packetsOut", "bytesOut") : ("packetsIn", "bytesIn");
        lock (_lock)
        {
            var key = (timestamp, packets, (string?)null);
            _counts[key] = _counts.GetValueOrDefault(key) + 1;
            key = (timestamp, size, null);
            _counts[key] = _counts.GetValueOrDefault(key) + bytes;
        }
    }

    /// <summary>Writes <c>[{timestamp, type, subType?, count}]</c> and forgets what it wrote.</summary>
    public void WriteAndClear(Utf8JsonWriter writer)
    {
        Dictionary<(long, string, string?), long> counts;
        lock (_lock)
        {
            counts = _counts;
            _counts = [];
        }

        writer.WriteStartArray();
        foreach (var ((timestamp, type, subType), count) in counts)
        {
            writer.WriteStartObject();
            writer.WriteNumber("timestamp", timestamp);
            writer.WriteString("type", type);
            if (subType is not null)
            {
                writer.WriteString("subType", subType);
            }

            writer.WriteNumber("count", count);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private long Second()
    {
        var ms = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        return ms - (ms % 1000);
    }
}
