using System.Text;
using System.Text.Json;
using SocketIo.Adapters;
using SocketIo.Redis.Protocol;

namespace SocketIo.Redis.Internal;

/// <summary>
/// Another server's broadcast with acknowledgements, as both of Node's adapters handle it: sent to this server's
/// sockets under an ack id of this server, the number reached reported back, then each answer relayed as it comes.
/// </summary>
internal static class RemoteAckBroadcast
{
    /// <summary>
    /// Sends <paramref name="data"/> (<c>[name, ...args]</c>) to the selected local sockets; <paramref name="reportCount"/>
    /// gets how many were reached (also 0), <paramref name="relay"/> each answer until <paramref name="timeout"/>.
    /// </summary>
    public static void Deliver(
        SocketIoNamespace nsp,
        InMemorySocketIoAdapter local,
        JsonElement data,
        IReadOnlyList<ReadOnlyMemory<byte>> attachments,
        SocketIoBroadcastOptions selection,
        TimeSpan timeout,
        TimeProvider timeProvider,
        Action<int> reportCount,
        Action<SocketIoAckResponse> relay)
    {
        var broadcast = new RemoteBroadcast
        {
            Uid = "",
            Namespace = nsp.Name,
            Data = Encoding.UTF8.GetBytes(data.GetRawText()),
            Attachments = attachments,
            Options = selection,
            Timeout = timeout,
        };
        var ackId = nsp.NextAckId();
        var collector = new SocketIoAckCollector { Observer = relay };
        local.BroadcastWithAck(broadcast.ToPacket(ackId), ackId, selection, collector);
        reportCount(collector.Expected);
        // The asking server stops listening at its timeout; answers after that would go nowhere.
        collector.Seal(timeProvider, timeout);
    }

    /// <summary>The <c>timeout</c> flag of <c>opts.flags</c> in <paramref name="holder"/>, if any.</summary>
    public static TimeSpan? ReadTimeout(JsonElement holder)
    {
        if (holder.TryGetProperty("opts"u8, out var opts) && opts.ValueKind == JsonValueKind.Object
            && opts.TryGetProperty("flags"u8, out var flags) && flags.ValueKind == JsonValueKind.Object
            && flags.TryGetProperty("timeout"u8, out var ms) && ms.ValueKind == JsonValueKind.Number)
        {
            return TimeSpan.FromMilliseconds(Math.Clamp(ms.GetDouble(), 0, int.MaxValue));
        }

        return null;
    }

    /// <summary>
    /// A relayed answer (<c>packet</c> of <paramref name="response"/>): Node relays the client's first argument only,
    /// and not which socket gave it.
    /// </summary>
    public static SocketIoAckResponse ToAckResponse(JsonElement response, List<ReadOnlyMemory<byte>> attachments, JsonSerializerOptions jsonOptions)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            if (response.TryGetProperty("packet"u8, out var packet))
            {
                packet.WriteTo(writer);
            }

            writer.WriteEndArray();
        }

        var array = JsonElement.Parse(buffer.WrittenSpan);
        // The attachments are slices of a message that is not reused: they stay valid as long as the answer.
        return new SocketIoAckResponse("", array, [.. attachments], jsonOptions);
    }
}
