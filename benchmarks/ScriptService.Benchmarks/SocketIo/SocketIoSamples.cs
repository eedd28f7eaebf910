using System.Text.Json;
using System.Text.Json.Serialization;
using SocketIo.Internal;
using SocketIo.Protocol;

namespace ScriptService.Benchmarks.SocketIo;

/// <summary>The small object the Socket.IO benchmarks send as an event argument.</summary>
public sealed record ScriptResult(string JobId, string Status, int Data);

/// <summary>An argument with a byte array inside it, which the <see cref="BinaryAttachments"/> converter turns into an attachment.</summary>
public sealed record ScriptOutput(string JobId, byte[] Output);

/// <summary>
/// Source-generated type info for the benchmark's argument types, as an application would register it
/// (<c>SocketIoOptions.JsonSerializerOptions.TypeInfoResolverChain</c>), so that no reflection is involved.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ScriptResult))]
[JsonSerializable(typeof(ScriptOutput))]
internal sealed partial class BenchmarkJsonContext : JsonSerializerContext;

/// <summary>The arguments and options the Socket.IO benchmarks share.</summary>
internal static class SocketIoSamples
{
    public const string EventName = "scriptResult";

    public static ScriptResult Result { get; } = new("5f0c2a9e", "done", 1);

    /// <summary>The Socket.IO default options (web defaults) with the benchmark's context as the type info resolver.</summary>
    public static JsonSerializerOptions CreateConfiguredOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.TypeInfoResolverChain.Insert(0, BenchmarkJsonContext.Default);
        return options;
    }

    /// <summary>
    /// What <c>SocketIoServer.CreateJsonOptions</c> makes of the configured options: a copy with the binary
    /// placeholder converter first and the server's own types after the app's resolvers, frozen. (The server then adds
    /// a reflection resolver where reflection is enabled; the benchmark's types never reach it.)
    /// </summary>
    public static JsonSerializerOptions CreateServerOptions()
    {
        var options = new JsonSerializerOptions(CreateConfiguredOptions());
        options.Converters.Insert(0, BinaryAttachments.Converter);
        options.TypeInfoResolverChain.Add(SocketIoJsonContext.Default);
        options.MakeReadOnly();
        return options;
    }
}
