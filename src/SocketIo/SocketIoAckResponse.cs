using System.Text.Json;

namespace SocketIo;

/// <summary>What a client answered an acknowledged emit with. It owns its data and may be kept.</summary>
public sealed class SocketIoAckResponse : SocketIoArguments
{
    internal SocketIoAckResponse(string socketId, JsonElement array, IReadOnlyList<ReadOnlyMemory<byte>> attachments, JsonSerializerOptions options)
        : base(array, offset: 0, attachments, options)
    {
        SocketId = socketId;
    }

    /// <summary>The socket that answered; empty for an answer another server relayed (the Redis adapter's wire format does not say which socket answered).</summary>
    public string SocketId { get; }
}
