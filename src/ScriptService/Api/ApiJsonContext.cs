using System.Text.Json.Serialization;

namespace ScriptService.Api;

/// <summary>
/// The types only the OpenAPI document needs: with source generation (NativeAOT) the document's schemas come from the
/// HTTP JSON options' type information, so every type it describes must be known to a context there.
/// </summary>
[JsonSerializable(typeof(ScriptPostBody))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
