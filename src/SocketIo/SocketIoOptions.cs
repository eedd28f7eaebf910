using System.Text.Json;

namespace SocketIo;

/// <summary>Settings of the Socket.IO server. Engine.IO settings (ping, payload limit, CORS) are configured separately.</summary>
public sealed class SocketIoOptions
{
    /// <summary>How long a connection may stay without joining any namespace before it is closed. Default 45 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// How event arguments and acknowledgements are (de)serialized. Put your source-generated
    /// <c>JsonSerializerContext</c> first in <see cref="JsonSerializerOptions.TypeInfoResolverChain"/> to stay
    /// trimming- and AOT-friendly; without one, reflection is used where the app allows it. Default: web defaults.
    /// </summary>
    public JsonSerializerOptions JsonSerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);

    /// <summary>The most binary attachments one packet may announce; more is a parse error. Default 10, as in the reference.</summary>
    public int MaxAttachments { get; set; } = 10;

    /// <summary>Empty dynamic child namespaces are removed once their last socket leaves. Default false, as in the reference.</summary>
    public bool CleanupEmptyChildNamespaces { get; set; }
}
