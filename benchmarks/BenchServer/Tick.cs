using System.Text.Json;
using System.Text.Json.Serialization;

namespace BenchServer;

/// <summary>The <c>tick</c> a broadcast sends: the client's <c>seq</c> and <c>payload</c>, as they came.</summary>
internal sealed record Tick(
    [property: JsonPropertyName("seq")] JsonElement Seq,
    [property: JsonPropertyName("payload")] JsonElement Payload);

[JsonSerializable(typeof(Tick))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
