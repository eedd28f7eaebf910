using Microsoft.Extensions.Hosting;

namespace EngineIo.Internal;

/// <summary>
/// Closes every Engine.IO session when the host stops, in the stopping phase, before any hosted service (Kestrel
/// included) stops: each client gets its close packet or close frame while the server can still deliver it, and
/// whatever is left is aborted when the grace period or the host's shutdown timeout runs out.
/// </summary>
/// <remarks>
/// New handshakes are refused from the first sign of the stop: <see cref="IHostApplicationLifetime.ApplicationStopping"/>,
/// which fires first when the process is told to stop (SIGTERM, Ctrl+C), or this service's own stopping phase, whichever
/// comes first. Other services may spend seconds in their own stopping phase before this one's runs (draining work, say),
/// and a session opened meanwhile would only be closed again, or keep the stop waiting for it.
/// </remarks>
internal sealed class EngineIoShutdownService(EngineIoServerRegistry registry, IHostApplicationLifetime lifetime) : IHostedLifecycleService
{
    private CancellationTokenRegistration _stopping;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _stopping = lifetime.ApplicationStopping.UnsafeRegister(static state => ((EngineIoShutdownService)state!).RefuseHandshakes(), this);
        return Task.CompletedTask;
    }

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

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        _stopping.Dispose();
        return Task.CompletedTask;
    }

    private void RefuseHandshakes()
    {
        foreach (var server in registry.Snapshot())
        {
            server.RefuseHandshakes();
        }
    }
}
