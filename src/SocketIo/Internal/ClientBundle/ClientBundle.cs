using System.Collections.Frozen;
using System.Text.Json;

namespace SocketIo.Internal.ClientBundle;

/// <summary>
/// The browser builds of the pinned socket.io-client (<c>client-dist/package-lock.json</c>), embedded in this assembly
/// at build time (<c>SocketIo.csproj</c>), which <c>MapSocketIo</c> serves below its path as the reference's
/// <c>serveClient</c> does. Immutable once built; safe to use from any thread.
/// </summary>
internal static class ClientBundle
{
    private const string ResourcePrefix = "SocketIo.ClientBundle.";

    // The files the reference serves, and only those: every other name below the path stays Engine.IO's.
    private static readonly string[] _names =
    [
        "socket.io.js",
        "socket.io.js.map",
        "socket.io.min.js",
        "socket.io.min.js.map",
        "socket.io.msgpack.min.js",
        "socket.io.msgpack.min.js.map",
        "socket.io.esm.min.js",
        "socket.io.esm.min.js.map",
    ];

    private static readonly Lazy<string> _version = new(ReadVersion);

    /// <summary>The bundle's files by name (<c>socket.io.min.js</c>); each reads its resource on first use.</summary>
    public static FrozenDictionary<string, ClientBundleFile> Files { get; } =
        _names.ToFrozenDictionary(static name => name, static name => new ClientBundleFile(name, ResourcePrefix + name), StringComparer.Ordinal);

    /// <summary>
    /// The socket.io-client version the files come from, read from the package's own <c>package.json</c>: every file
    /// changes with it, so it serves as their entity tag, as the reference uses its version.
    /// </summary>
    public static string Version => _version.Value;

    private static string ReadVersion()
    {
        var package = EmbeddedResource.Read(ResourcePrefix + "package.json");
        var reader = new Utf8JsonReader(package.Span);
        if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isVersion = reader.ValueTextEquals("version"u8);
                reader.Read();
                if (isVersion && reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString()!;
                }

                reader.Skip();
            }
        }

        throw new InvalidOperationException("The embedded socket.io-client package.json has no version.");
    }
}
