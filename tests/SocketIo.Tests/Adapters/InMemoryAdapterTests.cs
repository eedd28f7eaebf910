using System.Runtime.CompilerServices;
using SocketIo.Adapters;

namespace SocketIo.Tests.Adapters;

/// <summary>The adapter specification, for the default in-memory adapter registered explicitly.</summary>
public sealed class InMemoryAdapterTests : SocketIoAdapterSpecificationTests
{
    protected override ISocketIoAdapterFactory CreateAdapterFactory(IServiceProvider services) => new InMemorySocketIoAdapterFactory();

    protected override IReadOnlyCollection<string> GetRoomNames(ISocketIoAdapter adapter)
    {
        var inMemory = Assert.IsType<InMemorySocketIoAdapter>(adapter);
        lock (Lock(inMemory))
        {
            return [.. Rooms(inMemory).Keys];
        }
    }

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_rooms")]
    private static extern ref Dictionary<string, HashSet<string>> Rooms(InMemorySocketIoAdapter adapter);

    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_lock")]
    private static extern ref Lock Lock(InMemorySocketIoAdapter adapter);
}
