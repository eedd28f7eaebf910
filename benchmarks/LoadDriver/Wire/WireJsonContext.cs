using System.Text.Json.Serialization;

namespace LoadDriver.Wire;

/// <summary>JSON for the few packets built once per run or per job (room names, job ids, the POST body).</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(Modes.Jobs.ScriptPostBody))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class WireJsonContext : JsonSerializerContext;
