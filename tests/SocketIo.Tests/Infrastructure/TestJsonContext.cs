using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocketIo.Tests.Infrastructure;

/// <summary>A chat line: the typed event argument of these tests.</summary>
public sealed record ChatMessage(string User, string Text);

/// <summary>An object with binary data inside it, which goes out as a placeholder plus an attachment.</summary>
public sealed record FileChunk(string Name, byte[] Data);

/// <summary>
/// The test project's source-generated JSON context, as an application would configure it through
/// <see cref="SocketIoOptions.JsonSerializerOptions"/>.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ChatMessage))]
[JsonSerializable(typeof(FileChunk))]
internal sealed partial class TestJsonContext : JsonSerializerContext
{
    /// <summary>Puts this context first in the server's resolver chain.</summary>
    public static void Configure(SocketIoOptions options) => options.JsonSerializerOptions.TypeInfoResolverChain.Insert(0, Default);
}
