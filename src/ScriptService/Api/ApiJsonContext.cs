using System.Text.Json.Serialization;
using ScriptService.Realtime;

namespace ScriptService.Api;

/// <summary>
/// The HTTP API's JSON: its answers, its problem details, and the types only the OpenAPI document needs (with source
/// generation, NativeAOT, the document's schemas come from the HTTP JSON options' type information, so every type it
/// describes must be known to a context there). A job's <c>result</c> is the <c>scriptResult</c> the sockets receive.
/// </summary>
[JsonSerializable(typeof(JobAccepted))]
[JsonSerializable(typeof(JobStatus))]
[JsonSerializable(typeof(ScriptResultMessage))]
[JsonSerializable(typeof(ScriptPostBody))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails))]
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
