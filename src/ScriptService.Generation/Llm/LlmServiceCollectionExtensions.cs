using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ScriptService.Generation.Llm;

/// <summary>Registers the LLM-backed generator when it can run.</summary>
public static class LlmServiceCollectionExtensions
{
    /// <summary>The service key of the <see cref="IChatClient"/> the generator uses (the container disposes it).</summary>
    public const string ChatClientServiceKey = "ScriptService.Llm";

    /// <summary>
    /// Binds <see cref="LlmGeneratorOptions"/> from <see cref="LlmGeneratorOptions.SectionName"/> and, when they are
    /// configured (endpoint and model) and the API key variable is set, registers <see cref="LlmScriptGenerator"/> as
    /// the <see cref="IScriptGenerator"/> and returns true. Otherwise registers no generator and returns false, so the
    /// caller can register the offline one.
    /// </summary>
    public static bool TryAddLlmScriptGenerator(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        var section = configuration.GetSection(LlmGeneratorOptions.SectionName);
        services.AddOptions<LlmGeneratorOptions>().Bind(section);

        var options = new LlmGeneratorOptions();
        section.Bind(options);
        if (!options.IsConfigured || !LlmChatClientFactory.TryGetApiKey(options, out _))
        {
            return false;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddKeyedSingleton(
            ChatClientServiceKey,
            static (provider, _) => LlmChatClientFactory.Create(provider.GetRequiredService<IOptions<LlmGeneratorOptions>>().Value));
        services.AddSingleton<IScriptGenerator>(static provider => new LlmScriptGenerator(
            provider.GetRequiredKeyedService<IChatClient>(ChatClientServiceKey),
            provider.GetRequiredService<IOptions<LlmGeneratorOptions>>(),
            provider.GetRequiredService<ILogger<LlmScriptGenerator>>(),
            provider.GetRequiredService<TimeProvider>()));
        return true;
    }
}
