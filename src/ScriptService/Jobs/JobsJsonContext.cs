using System.Text.Json.Serialization;
using ScriptService.Generation;

namespace ScriptService.Jobs;

/// <summary>What the job store holds as JSON: the request and the result.</summary>
[JsonSerializable(typeof(ScriptRequest))]
[JsonSerializable(typeof(JobResult))]
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
internal sealed partial class JobsJsonContext : JsonSerializerContext;
