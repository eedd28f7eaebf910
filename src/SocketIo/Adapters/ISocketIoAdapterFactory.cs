namespace SocketIo.Adapters;

/// <summary>Creates the adapter of each namespace. Register one in DI to replace the in-memory adapter.</summary>
public interface ISocketIoAdapterFactory
{
    /// <summary>Creates the adapter for a namespace, once, when the namespace is created.</summary>
    ISocketIoAdapter Create(SocketIoNamespace nsp);
}
