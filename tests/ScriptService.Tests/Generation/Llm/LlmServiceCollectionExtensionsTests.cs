using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ScriptService.Generation;
using ScriptService.Generation.Llm;

namespace ScriptService.Tests.Generation.Llm;

public sealed class LlmServiceCollectionExtensionsTests : IDisposable
{
    private readonly string _keyVariable = "SCRIPTSERVICE_LLM_TEST_KEY_" + Guid.NewGuid().ToString("N");

    public void Dispose() => Environment.SetEnvironmentVariable(_keyVariable, null);

    [Fact]
    public async Task TryAddLlmScriptGenerator_ConfiguredAndKeySet_RegistersLlmGenerator()
    {
        Environment.SetEnvironmentVariable(_keyVariable, "sk-test");
        var services = CreateServices();

        Assert.True(services.TryAddLlmScriptGenerator(CreateConfiguration(endpoint: "http://127.0.0.1:1/v1", model: "m")));

        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        Assert.IsType<LlmScriptGenerator>(provider.GetRequiredService<IScriptGenerator>());
        Assert.NotNull(provider.GetRequiredKeyedService<IChatClient>(LlmServiceCollectionExtensions.ChatClientServiceKey));
        var options = provider.GetRequiredService<IOptions<LlmGeneratorOptions>>().Value;
        Assert.Equal(new Uri("http://127.0.0.1:1/v1"), options.Endpoint);
        Assert.Equal(5, options.MaxRetries);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.InitialBackoff);
        Assert.Equal(0.2f, options.Temperature);
        Assert.Equal(1500, options.MaxOutputTokens);
    }

    [Theory]
    [InlineData("http://127.0.0.1:1/v1", "m", false)]
    [InlineData(null, "m", true)]
    [InlineData("http://127.0.0.1:1/v1", null, true)]
    [InlineData("http://127.0.0.1:1/v1", " ", true)]
    public void TryAddLlmScriptGenerator_NotConfiguredOrNoKey_RegistersNothing(string? endpoint, string? model, bool setKey)
    {
        if (setKey)
        {
            Environment.SetEnvironmentVariable(_keyVariable, "sk-test");
        }

        var services = CreateServices();

        Assert.False(services.TryAddLlmScriptGenerator(CreateConfiguration(endpoint, model)));
        using var provider = services.BuildServiceProvider();
        Assert.Null(provider.GetService<IScriptGenerator>());
    }

    [Fact]
    public void Options_Defaults()
    {
        var options = new LlmGeneratorOptions();

        Assert.Equal("SCRIPTSERVICE_LLM_API_KEY", options.ApiKeyEnvironmentVariable);
        Assert.Equal(3, options.MaxRetries);
        Assert.Equal(TimeSpan.FromSeconds(1), options.InitialBackoff);
        Assert.True(options.UseJsonResponseFormat);
        Assert.False(options.IsConfigured);

        options.Endpoint = new Uri("/v1", UriKind.Relative);
        options.Model = "m";
        Assert.False(options.IsConfigured);
        options.Endpoint = new Uri("https://api.openai.com/v1");
        Assert.True(options.IsConfigured);
    }

    [Fact]
    public void Factory_KeyVariableUnset_ThrowsNamingTheVariable()
    {
        var options = new LlmGeneratorOptions { Endpoint = new Uri("http://127.0.0.1:1/v1"), Model = "m", ApiKeyEnvironmentVariable = _keyVariable };

        var ex = Assert.Throws<InvalidOperationException>(() => LlmChatClientFactory.Create(options));
        Assert.Contains(_keyVariable, ex.Message, StringComparison.Ordinal);
    }

    private static ServiceCollection CreateServices()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        return services;
    }

    private IConfiguration CreateConfiguration(string? endpoint, string? model) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ScriptService:Llm:Endpoint"] = endpoint,
            ["ScriptService:Llm:Model"] = model,
            ["ScriptService:Llm:ApiKeyEnvironmentVariable"] = _keyVariable,
            ["ScriptService:Llm:MaxRetries"] = "5",
            ["ScriptService:Llm:InitialBackoff"] = "00:00:00.250",
            ["ScriptService:Llm:Temperature"] = "0.2",
            ["ScriptService:Llm:MaxOutputTokens"] = "1500",
        })
        .Build();
}
