using ScriptService.Generation.Llm;
using ScriptService.Generation.Offline;

namespace ScriptService.Generation;

/// <summary>Registers the service's <see cref="IScriptGenerator"/>.</summary>
public static class ScriptGenerationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the LLM generator when a model is configured and its key is in the environment
    /// (<see cref="LlmServiceCollectionExtensions.TryAddLlmScriptGenerator"/>), otherwise the offline generator, which
    /// needs no setup at all.
    /// </summary>
    public static IServiceCollection AddScriptGeneration(this IServiceCollection services, IConfiguration configuration)
    {
        if (!services.TryAddLlmScriptGenerator(configuration))
        {
            services.AddSingleton<IScriptGenerator, OfflineScriptGenerator>();
        }

        return services;
    }
}
