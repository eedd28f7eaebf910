using System.Text.Json;

namespace SocketIo;

/// <summary>
/// Thrown by a middleware to refuse a namespace connection: the client receives CONNECT_ERROR with
/// <c>{"message": Message, "data": Data}</c> and its <c>connect_error</c> handler sees both.
/// </summary>
public sealed class SocketIoConnectException : Exception
{
    /// <summary>Refuses with a message only.</summary>
    public SocketIoConnectException(string message)
        : base(message)
    {
    }

    /// <summary>Refuses with a message and extra data for the client (any JSON value).</summary>
    public SocketIoConnectException(string message, JsonElement data)
        : base(message)
    {
        Data = data;
    }

    /// <summary>Refuses with a message and an inner exception, which is logged but never sent.</summary>
    public SocketIoConnectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Extra data sent to the client as <c>data</c>, if any.</summary>
    public new JsonElement? Data { get; }
}
