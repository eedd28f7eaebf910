namespace SocketIo.Adapters;

/// <summary>Which sockets a broadcast (or a fetch, join, leave, disconnect by selection) reaches, and how.</summary>
public sealed class SocketIoBroadcastOptions
{
    internal static readonly IReadOnlySet<string> NoRooms = new HashSet<string>();

    /// <summary>Creates a selection.</summary>
    public SocketIoBroadcastOptions(IReadOnlySet<string> rooms, IReadOnlySet<string> except, bool isVolatile, bool isLocal)
        : this(rooms, except, isVolatile, isLocal, compress: true)
    {
    }

    /// <summary>Creates a selection that may also turn compression off.</summary>
    public SocketIoBroadcastOptions(IReadOnlySet<string> rooms, IReadOnlySet<string> except, bool isVolatile, bool isLocal, bool compress)
    {
        ArgumentNullException.ThrowIfNull(rooms);
        ArgumentNullException.ThrowIfNull(except);
        Rooms = rooms;
        Except = except;
        Volatile = isVolatile;
        Local = isLocal;
        Compress = compress;
    }

    /// <summary>The rooms whose sockets are targeted; empty means every socket of the namespace.</summary>
    public IReadOnlySet<string> Rooms { get; }

    /// <summary>Sockets in any of these rooms (a socket id is a room too) are left out.</summary>
    public IReadOnlySet<string> Except { get; }

    /// <summary>Clients not ready to receive may miss the packet.</summary>
    public bool Volatile { get; }

    /// <summary>Only this server's sockets, with a multi-node adapter.</summary>
    public bool Local { get; }

    /// <summary>False to send the packet uncompressed even over a WebSocket that negotiated permessage-deflate.</summary>
    public bool Compress { get; }
}
