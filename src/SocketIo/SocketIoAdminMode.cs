namespace SocketIo;

/// <summary>What the admin dashboard is told (see <see cref="SocketIoAdminOptions.Mode"/>).</summary>
public enum SocketIoAdminMode
{
    /// <summary>Every socket's connection, disconnection, rooms and events, as they happen, and the statistics.</summary>
    Development,

    /// <summary>The statistics only (counts and aggregated events): nothing per socket or per packet content.</summary>
    Production,
}
