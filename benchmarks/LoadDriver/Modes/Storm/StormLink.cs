using LoadDriver.Client;

namespace LoadDriver.Modes.Storm;

/// <summary>One connection of a storm client: packets of a connection that was cut are ignored.</summary>
internal sealed class StormLink(StormClient client, int generation) : SioClientHandler
{
    public override void OnConnect(ReadOnlySpan<byte> data) => client.OnConnect(generation, data);

    public override ReadOnlyMemory<byte> OnEvent(ReadOnlySpan<byte> args)
    {
        client.OnEvent(generation, args);
        return default;
    }

    public override ReadOnlyMemory<byte> OnAck(long id, ReadOnlySpan<byte> args)
    {
        client.OnAck(generation, id);
        return default;
    }

    public override void OnDropped(string reason) => client.OnDropped(generation, reason);
}
