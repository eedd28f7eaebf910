using System.Text.Json;
using System.Text.Json.Serialization;
using SocketIo.Internal;
using SocketIo.Protocol;

namespace ScriptService.Fuzz;

/// <summary>The JSON options a Socket.IO server builds from the defaults (SocketIoServer.CreateJsonOptions).</summary>
internal static class SocketIoJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Insert(0, BinaryAttachments.Converter);
        options.TypeInfoResolverChain.Add(FuzzJsonContext.Default);
        options.TypeInfoResolverChain.Add(SocketIoJsonContext.Default);
        options.MakeReadOnly();
        return options;
    }
}

/// <summary>An application type with binary inside it, as a handler would ask for.</summary>
internal sealed record Upload(string? Name, byte[]? Data, int Size);

[JsonSerializable(typeof(Upload))]
internal sealed partial class FuzzJsonContext : JsonSerializerContext;
