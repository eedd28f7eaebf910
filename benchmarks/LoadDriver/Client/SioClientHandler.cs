namespace LoadDriver.Client;

/// <summary>
/// What a mode does with a connection's packets. Called on the connection's receive loop, one packet at a time; a
/// non-empty return value is a frame the loop sends before it reads the next packet.
/// </summary>
internal abstract class SioClientHandler
{
    public virtual void OnPing()
    {
    }

    /// <summary>The server's answer to our CONNECT; <paramref name="data"/> is its JSON object (<c>{"sid":...}</c>, with
    /// <c>"pid"</c> when the server offers connection state recovery).</summary>
    public virtual void OnConnect(ReadOnlySpan<byte> data)
    {
    }

    /// <summary>An event from the server; <paramref name="args"/> is the JSON array <c>["name",...]</c>.</summary>
    public virtual ReadOnlyMemory<byte> OnEvent(ReadOnlySpan<byte> args) => default;

    /// <summary>An ack for one of our emits; <paramref name="args"/> is the JSON array of its arguments.</summary>
    public virtual ReadOnlyMemory<byte> OnAck(long id, ReadOnlySpan<byte> args) => default;

    /// <summary>The server or the network ended an established connection that we did not close.</summary>
    public virtual void OnDropped(string reason)
    {
    }
}
