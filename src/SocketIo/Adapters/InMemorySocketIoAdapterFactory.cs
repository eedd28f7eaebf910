namespace SocketIo.Adapters;

/// <summary>The default: every namespace keeps its rooms in this process, and its recovery window when recovery is on.</summary>
internal sealed class InMemorySocketIoAdapterFactory : ISocketIoAdapterFactory
{
    public ISocketIoAdapter Create(SocketIoNamespace nsp) =>
        new InMemorySocketIoAdapter(
            nsp,
            nsp.Server.Options.ConnectionStateRecovery is { } recovery ? new RecoveryWindow(recovery, nsp.Server.TimeProvider) : null);
}
