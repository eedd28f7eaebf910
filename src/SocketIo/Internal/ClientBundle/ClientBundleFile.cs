using System.IO.Compression;

namespace SocketIo.Internal.ClientBundle;

/// <summary>
/// One embedded file of the client bundle: its name, content type and bytes (used where they lie in the image), and
/// its Brotli and gzip encodings, each made once, on first request, and kept: the files never change while the
/// process runs, and there are few of them.
/// </summary>
internal sealed class ClientBundleFile
{
    private readonly Lazy<ReadOnlyMemory<byte>> _content;
    private readonly Lazy<byte[]> _brotli;
    private readonly Lazy<byte[]> _gzip;

    public ClientBundleFile(string name, string resourceName)
    {
        Name = name;
        // The reference's types: source maps are JSON.
        ContentType = name.EndsWith(".map", StringComparison.Ordinal)
            ? "application/json; charset=utf-8"
            : "application/javascript; charset=utf-8";
        _content = new Lazy<ReadOnlyMemory<byte>>(() => EmbeddedResource.Read(resourceName));
        _brotli = new Lazy<byte[]>(() => Compress(Content, static output => new BrotliStream(output, CompressionLevel.Optimal)));
        _gzip = new Lazy<byte[]>(() => Compress(Content, static output => new GZipStream(output, CompressionLevel.Optimal)));
    }

    public string Name { get; }

    public string ContentType { get; }

    public ReadOnlyMemory<byte> Content => _content.Value;

    /// <summary>The bytes to send in <paramref name="coding"/>.</summary>
    public ReadOnlyMemory<byte> Get(ContentCoding coding) => coding switch
    {
        ContentCoding.Brotli => _brotli.Value,
        ContentCoding.Gzip => _gzip.Value,
        _ => Content,
    };

    private static byte[] Compress(ReadOnlyMemory<byte> content, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream(content.Length / 3);
        using (var compressing = compressor(output))
        {
            compressing.Write(content.Span);
        }

        return output.ToArray();
    }
}
