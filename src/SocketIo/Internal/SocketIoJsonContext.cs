using System.Text.Json;
using System.Text.Json.Serialization;

namespace SocketIo.Internal;

/// <summary>Type info for the argument types the server itself handles, so that they need no reflection.</summary>
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(long))]
[JsonSerializable(typeof(double))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(byte[]))]
[JsonSerializable(typeof(object))]
[JsonSerializable(typeof(Dictionary<string, object?>))]
[JsonSerializable(typeof(List<object?>))]
internal sealed partial class SocketIoJsonContext : JsonSerializerContext;
