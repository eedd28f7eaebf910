using Microsoft.Extensions.Hosting;

namespace EngineIo.Internal;

/// <summary>
/// Closes every Engine.IO session when the host stops, before Kestrel does: each client gets a close packet while
/// the server can still deliver it, then whatever is left is aborted when the host's shutdown timeout runs out.
/// </summary>
internal sealed class EngineIoShutdownService(EngineIoServerRegistry registry) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken)
    {
        var servers = registry.Snapshot();
        var stopping = new Task[servers.Length];
        for (var i = 0; i < servers.Length; i++)
        {
            stopping[i] = servers[i].StopAsync(cancellationToken);
        }

        return Task.WhenAll(stopping);
    }
}
