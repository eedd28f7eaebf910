using System.Diagnostics.CodeAnalysis;

namespace ScriptService.Generation.Llm;

/// <summary>
/// Settings of the LLM-backed script generator, bound from the <c>ScriptService:Llm</c> configuration section.
/// The API key is never part of these settings: it is read from the environment variable named by
/// <see cref="ApiKeyEnvironmentVariable"/>.
/// </summary>
public sealed class LlmGeneratorOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "ScriptService:Llm";

    /// <summary>The environment variable the API key is read from unless configured otherwise.</summary>
    public const string DefaultApiKeyEnvironmentVariable = "SCRIPTSERVICE_LLM_API_KEY";

    /// <summary>
    /// The base URL of an OpenAI-compatible API, including its version segment, e.g. <c>https://api.openai.com/v1</c>
    /// or <c>http://localhost:11434/v1</c>; chat completions are posted to <c>{Endpoint}/chat/completions</c>.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The model to ask, e.g. <c>gpt-4o-mini</c>.</summary>
    public string? Model { get; set; }

    /// <summary>The name of the environment variable that holds the API key.</summary>
    public string ApiKeyEnvironmentVariable { get; set; } = DefaultApiKeyEnvironmentVariable;

    /// <summary>How many times a transient failure (HTTP 408, 429, 5xx, network errors, timeouts) is retried; 0 disables retries.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>The delay before the first retry; each further retry doubles it (plus up to 20% jitter).</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest single delay between attempts. A computed backoff is capped to it; a <c>Retry-After</c> longer than
    /// this ends the retries at once rather than holding the job.
    /// </summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one attempt may take before it is abandoned (and retried); <see cref="Timeout.InfiniteTimeSpan"/> disables it.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The sampling temperature; the provider's default when null.</summary>
    public float? Temperature { get; set; }

    /// <summary>The most tokens the model may produce; the provider's default when null.</summary>
    public int? MaxOutputTokens { get; set; }

    /// <summary>
    /// Whether to ask for JSON mode (<c>response_format: {"type":"json_object"}</c>). Turn it off for an
    /// OpenAI-compatible server that rejects the parameter; the prompt asks for JSON either way.
    /// </summary>
    public bool UseJsonResponseFormat { get; set; } = true;

    /// <summary>Whether an endpoint (absolute URL) and a model are set. The API key is checked separately.</summary>
    [MemberNotNullWhen(true, nameof(Endpoint), nameof(Model))]
    public bool IsConfigured => Endpoint is { IsAbsoluteUri: true } && !string.IsNullOrWhiteSpace(Model);
}
