namespace SocketIo.Internal;

/// <summary>Event names the client library keeps for itself; emitting one would never reach application code.</summary>
internal static class ReservedEvents
{
    public static bool IsReserved(string eventName) =>
        eventName is "connect" or "connect_error" or "disconnect" or "disconnecting" or "newListener" or "removeListener";

    public static void ThrowIfReserved(string eventName)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        if (IsReserved(eventName))
        {
            throw new ArgumentException($"\"{eventName}\" is a reserved event name.", nameof(eventName));
        }
    }
}
