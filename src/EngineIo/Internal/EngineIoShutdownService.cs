using Microsoft.Extensions.Hosting;

namespace EngineIo.Internal;

/// <summary>
/// Closes every Engine.IO session when the host stops, in the stopping phase, before any hosted service (Kestrel
/// included) stops: each client gets its close packet or close frame while the server can still deliver it, and
/// whatever is left is aborted when the grace period or the host's shutdown timeout runs out.
/// </summary>
internal sealed class EngineIoShutdownService(EngineIoServerRegistry registry) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken)
    {
        var servers = registry.Snapshot();
        var stopping = new Task[servers.Length];
        for (var i = 0; i < servers.Length; i++)
        {
            stopping[i] = servers[i].StopAsync(cancellationToken);
        }

        return Task.WhenAll(stopping);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
