using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace ScriptService.Generation.Llm;

/// <summary>Creates the <see cref="IChatClient"/> for an OpenAI-compatible provider.</summary>
internal static class LlmChatClientFactory
{
    /// <summary>
    /// Reads the API key from the environment variable named by <see cref="LlmGeneratorOptions.ApiKeyEnvironmentVariable"/>.
    /// Returns false when the variable is unset or blank.
    /// </summary>
    public static bool TryGetApiKey(LlmGeneratorOptions options, [NotNullWhen(true)] out string? apiKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        apiKey = string.IsNullOrWhiteSpace(options.ApiKeyEnvironmentVariable)
            ? null
            : Environment.GetEnvironmentVariable(options.ApiKeyEnvironmentVariable);
        if (string.IsNullOrWhiteSpace(apiKey))
        {
            apiKey = null;
            return false;
        }

        apiKey = apiKey.Trim();
        return true;
    }

    /// <summary>
    /// Creates a chat client for <see cref="LlmGeneratorOptions.Model"/> at <see cref="LlmGeneratorOptions.Endpoint"/>,
    /// authenticating with the key from the environment.
    /// </summary>
    /// <exception cref="InvalidOperationException">The options are not configured or the key variable is not set.</exception>
    public static IChatClient Create(LlmGeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!TryGetApiKey(options, out var apiKey))
        {
            // Names the variable, never its value.
            throw new InvalidOperationException($"The environment variable '{options.ApiKeyEnvironmentVariable}' holding the language model API key is not set.");
        }

        return Create(options, apiKey);
    }

    /// <summary>Creates a chat client with an explicit key.</summary>
    /// <remarks>
    /// The OpenAI client's own retries are turned off (<see cref="LlmScriptGenerator"/> retries, honouring
    /// <c>Retry-After</c> on its injected clock) and so is its network timeout (the generator applies
    /// <see cref="LlmGeneratorOptions.RequestTimeout"/> per attempt).
    /// </remarks>
    public static IChatClient Create(LlmGeneratorOptions options, string apiKey)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        if (!options.IsConfigured)
        {
            throw new InvalidOperationException($"The language model is not configured: set {LlmGeneratorOptions.SectionName}:Endpoint (an absolute URL) and {LlmGeneratorOptions.SectionName}:Model.");
        }

        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = options.Endpoint,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        return new ChatClient(options.Model, new ApiKeyCredential(apiKey), clientOptions).AsIChatClient();
    }
}
