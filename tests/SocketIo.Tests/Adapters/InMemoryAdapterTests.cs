using SocketIo.Adapters;

namespace SocketIo.Tests.Adapters;

/// <summary>The adapter specification, for the default in-memory adapter registered explicitly.</summary>
public sealed class InMemoryAdapterTests : SocketIoAdapterSpecificationTests
{
    protected override ISocketIoAdapterFactory CreateAdapterFactory(IServiceProvider services) => new InMemorySocketIoAdapterFactory();

    protected override IReadOnlyCollection<string> GetRoomNames(ISocketIoAdapter adapter) =>
        Assert.IsType<InMemorySocketIoAdapter>(adapter).RoomNames();
}
