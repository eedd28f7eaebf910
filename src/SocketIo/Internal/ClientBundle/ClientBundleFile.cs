namespace SocketIo.Internal.ClientBundle;

/// <summary>One embedded file of the client bundle: its name, content type and bytes (read once, on first use).</summary>
internal sealed class ClientBundleFile
{
    private readonly Lazy<ReadOnlyMemory<byte>> _content;

    public ClientBundleFile(string name, string resourceName)
    {
        Name = name;
        // The reference's types: source maps are JSON.
        ContentType = name.EndsWith(".map", StringComparison.Ordinal)
            ? "application/json; charset=utf-8"
            : "application/javascript; charset=utf-8";
        _content = new Lazy<ReadOnlyMemory<byte>>(() => EmbeddedResource.Read(resourceName));
    }

    public string Name { get; }

    public string ContentType { get; }

    public ReadOnlyMemory<byte> Content => _content.Value;
}
