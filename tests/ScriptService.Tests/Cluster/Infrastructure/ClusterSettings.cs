using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Cluster.Infrastructure;

/// <summary>Service settings for the nodes of a <see cref="Deployment"/>, as the environment variables they read.</summary>
internal static class ClusterSettings
{
    /// <summary>The nodes' generator is the test's model (e.g. <see cref="HeldLlm"/>), with no retries; each node runs <paramref name="workers"/> jobs at once.</summary>
    public static Dictionary<string, string> Llm(Uri endpoint, int workers) => new()
    {
        ["ScriptService__Llm__Endpoint"] = endpoint.ToString(),
        ["ScriptService__Llm__Model"] = "test-model",
        ["ScriptService__Llm__ApiKeyEnvironmentVariable"] = ServiceHost.LlmKeyVariable,
        [ServiceHost.LlmKeyVariable] = "sk-service-tests",
        ["ScriptService__Llm__MaxRetries"] = "0",
        ["ScriptService__Workers"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
