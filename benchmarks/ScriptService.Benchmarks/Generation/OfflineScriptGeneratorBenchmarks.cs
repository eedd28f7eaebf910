using BenchmarkDotNet.Attributes;
using ScriptService.Generation;
using ScriptService.Generation.Offline;

namespace ScriptService.Benchmarks.Generation;

/// <summary>
/// <see cref="OfflineScriptGenerator.GenerateAsync"/>, which every job of the service runs, through one generator as
/// in the service. <c>Generate</c> is the jobs benchmark's request (<c>Topic N</c>, no style, audience or sources).
/// <c>GenerateWithSources</c> adds a style, an audience and three sources of different kinds. Every call composes,
/// fits and renders. Progress goes to a sink that does nothing. Baseline: copying an already
/// generated result (title, description, script) into new strings, the least any generator must do.
/// </summary>
[MemoryDiagnoser]
public class OfflineScriptGeneratorBenchmarks
{
    private static readonly string[] Sources =
    [
        "Global average temperature has risen by about 1.1 degrees Celsius since pre-industrial times. This has many consequences.",
        "IPCC Sixth Assessment Report",
        "https://example.org/climate/basics",
    ];

    private readonly OfflineScriptGenerator _generator = new();
    private ScriptRequest _request = null!;
    private ScriptRequest _requestWithSources = null!;
    private GeneratedScript _expected = null!;

    [Params("en", "vi")]
    public string Language { get; set; } = "en";

    [Params(ScriptLength.Short, ScriptLength.Medium, ScriptLength.Long)]
    public ScriptLength Length { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _request = new ScriptRequest("job-1", null, "Topic 42", null, null, [], Language, Length);
        _requestWithSources = new ScriptRequest("job-2", "user-1", "Topic 42", "students", "storytelling", Sources, Language, Length);
        _expected = Generate();
        if (CopyOfResult() != _expected || !GenerateWithSources().Script.Contains("[3]", StringComparison.Ordinal))
        {
            throw new InvalidOperationException("The baseline does not copy the generated script, or the sources are not cited.");
        }
    }

    [Benchmark(Baseline = true)]
    public GeneratedScript CopyOfResult() => new(new string(_expected.Title), new string(_expected.Description), new string(_expected.Script));

    [Benchmark]
    public GeneratedScript Generate() => _generator.GenerateAsync(_request, NullProgress.Instance, CancellationToken.None).Result;

    [Benchmark]
    public GeneratedScript GenerateWithSources() => _generator.GenerateAsync(_requestWithSources, NullProgress.Instance, CancellationToken.None).Result;

    private sealed class NullProgress : IProgress<GenerationProgress>
    {
        public static readonly NullProgress Instance = new();

        public void Report(GenerationProgress value)
        {
        }
    }
}
