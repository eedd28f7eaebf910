using System.Net;
using LoadDriver.Client;
using LoadDriver.Wire;

namespace LoadDriver.Modes.Soak;

/// <summary>
/// A connection that starts on long-polling and moves to a WebSocket, in socket.io-client's order: the polling
/// handshake and the namespace CONNECT, then one more poll while the WebSocket probes (the server releases that poll
/// once probed), then <c>5</c> on the WebSocket. Whatever the server queued meanwhile (often the
/// <c>connection_ack</c>) arrives on one transport or the other, never on both.
/// </summary>
internal sealed class UpgradeLink(SioClientHandler handler, HttpClient http, ConnectTarget target, IPAddress source) : ISoakLink
{
    private readonly PollingSession _polling = new(handler, http, target.Path);
    private readonly SioConnection _webSocket = new(handler);
    private bool _upgraded;

    public async Task<string?> ConnectAsync(CancellationToken cancellationToken)
    {
        var failure = await _polling.ConnectAsync(target.HandshakeTimeout, cancellationToken);
        if (failure is not null)
        {
            await _polling.CloseAsync();
            return failure;
        }

        var lastPoll = _polling.PollOnceAsync(cancellationToken);
        failure = await _webSocket.ConnectAsync(target, source, cancellationToken, _polling.Sid);
        if (failure is not null)
        {
            // Closing the session releases the poll (the server answers it with a noop).
            await _polling.CloseAsync();
            await lastPoll;
            return $"upgrade: {failure}";
        }

        failure = await lastPoll;
        if (failure is not null)
        {
            _webSocket.Close();
            await _polling.CloseAsync();
            return $"upgrade: {failure}";
        }

        try
        {
            await _webSocket.CompleteUpgradeAsync();
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or ObjectDisposedException or InvalidOperationException)
        {
            _webSocket.Close();
            return $"upgrade: sending 5 failed: {e.Message}";
        }

        _upgraded = true;
        _ = _webSocket.RunAsync();
        return null;
    }

    public ValueTask SendAsync(string packet) =>
        _upgraded ? _webSocket.SendAsync(ClientFrames.Text(packet)) : throw new InvalidOperationException("not connected");

    public async Task CloseAsync()
    {
        if (_upgraded)
        {
            _webSocket.Close();
        }
        else
        {
            await _polling.CloseAsync();
        }
    }
}
