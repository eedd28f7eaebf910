using System.Text.Json;

namespace ScriptService.Tests.Service;

/// <summary>
/// The runtime settings the service is built with (its runtimeconfig, which the NativeAOT binary bakes in too), as
/// docs/memory.md "The service's GC settings" explains them.
/// </summary>
public sealed class RuntimeSettingsTests
{
    [Fact]
    public void RuntimeConfig_GcAndJit_AsDocumented()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "ScriptService.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var properties = document.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");

        // One heap with small budgets, not one per core.
        Assert.False(properties.GetProperty("System.GC.Server").GetBoolean());

        // Background collections in Release (the NativeAOT binary): with them off, the youngest generation grows so
        // large that a burst of connections, all surviving, is collected in a few long blocking pauses that every
        // handshake in flight waits out. Off in Debug (dotnet run), where with them on the burst's memory was kept.
#if DEBUG
        Assert.False(properties.GetProperty("System.GC.Concurrent").GetBoolean());
#else
        Assert.True(properties.GetProperty("System.GC.Concurrent").GetBoolean());
#endif

        // No instrumented tier compiling the connection path again while connections arrive.
        Assert.False(properties.GetProperty("System.Runtime.TieredPGO").GetBoolean());
    }
}
