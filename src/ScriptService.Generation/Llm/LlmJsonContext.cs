using System.Text.Json;
using System.Text.Json.Serialization;

namespace ScriptService.Generation.Llm;

/// <summary>
/// Source-generated (AOT-friendly) serialization of <see cref="LlmScriptAnswer"/>. Lenient where models tend to be
/// sloppy: property names in any case, trailing commas and comments are accepted.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    AllowTrailingCommas = true,
    ReadCommentHandling = JsonCommentHandling.Skip)]
[JsonSerializable(typeof(LlmScriptAnswer))]
internal sealed partial class LlmJsonContext : JsonSerializerContext;
