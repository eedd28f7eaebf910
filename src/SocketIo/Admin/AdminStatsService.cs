using Microsoft.Extensions.Hosting;
using SocketIo.Internal;

namespace SocketIo.Admin;

/// <summary>Sends this server's statistics to the dashboards while the app runs.</summary>
internal sealed class AdminStatsService(SocketIoServer server) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        server.Admin?.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        server.Admin?.Stop();
        return Task.CompletedTask;
    }
}
