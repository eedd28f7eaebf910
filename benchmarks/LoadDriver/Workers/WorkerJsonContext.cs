using System.Text.Json.Serialization;

namespace LoadDriver.Workers;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(WorkerCommand))]
[JsonSerializable(typeof(WorkerReport))]
internal sealed partial class WorkerJsonContext : JsonSerializerContext;
