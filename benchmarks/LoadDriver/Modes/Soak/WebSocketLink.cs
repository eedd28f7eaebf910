using System.Net;
using LoadDriver.Client;
using LoadDriver.Wire;

namespace LoadDriver.Modes.Soak;

/// <summary>A WebSocket connection from the first request.</summary>
internal sealed class WebSocketLink(SioClientHandler handler, ConnectTarget target, IPAddress source) : ISoakLink
{
    private readonly SioConnection _connection = new(handler);

    public async Task<string?> ConnectAsync(CancellationToken cancellationToken)
    {
        var failure = await _connection.ConnectAsync(target, source, cancellationToken);
        if (failure is null)
        {
            _ = _connection.RunAsync();
        }

        return failure;
    }

    public ValueTask SendAsync(string packet) => _connection.SendAsync(ClientFrames.Text(packet));

    public Task CloseAsync()
    {
        _connection.Close();
        return Task.CompletedTask;
    }
}
