namespace SocketIo;

/// <summary>An acknowledged emit failed because the socket disconnected before the client answered.</summary>
public sealed class SocketIoDisconnectedException : IOException
{
    /// <summary>Creates the exception with the default message.</summary>
    public SocketIoDisconnectedException()
        : base("The socket disconnected before the client acknowledged.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public SocketIoDisconnectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public SocketIoDisconnectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
