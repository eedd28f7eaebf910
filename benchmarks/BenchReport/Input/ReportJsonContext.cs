using System.Text.Json;
using System.Text.Json.Serialization;

namespace BenchReport.Input;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(RunMeta))]
[JsonSerializable(typeof(LoadResult))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
