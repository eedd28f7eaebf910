using System.Diagnostics.Metrics;

namespace SocketIo.Redis.Diagnostics;

/// <summary>The Redis adapter's instruments (meter <c>SocketIo.Redis</c>).</summary>
internal sealed class RedisAdapterMetrics
{
    public const string MeterName = "SocketIo.Redis";

    private readonly Counter<long> _dropped;
    private readonly Counter<long> _malformed;

    public RedisAdapterMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _dropped = meter.CreateCounter<long>("socketio.redis.dropped_messages", "{message}", "Messages not published because Redis was not connected or too many were pending.");
        _malformed = meter.CreateCounter<long>("socketio.redis.malformed_messages", "{message}", "Messages from Redis that could not be read and were ignored.");
    }

    public void Dropped(string reason) => _dropped.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Malformed() => _malformed.Add(1);
}
