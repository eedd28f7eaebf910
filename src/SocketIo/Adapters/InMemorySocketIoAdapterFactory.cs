namespace SocketIo.Adapters;

/// <summary>The default: every namespace keeps its rooms in this process.</summary>
internal sealed class InMemorySocketIoAdapterFactory : ISocketIoAdapterFactory
{
    public ISocketIoAdapter Create(SocketIoNamespace nsp) => new InMemorySocketIoAdapter(nsp);
}
