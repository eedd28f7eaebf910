using LoadDriver.Client;

namespace LoadDriver.Modes.Soak;

/// <summary>A connection that long-polls for its whole life.</summary>
internal sealed class PollingLink(SioClientHandler handler, HttpClient http, ConnectTarget target) : ISoakLink
{
    private readonly PollingSession _session = new(handler, http, target.Path);

    public async Task<string?> ConnectAsync(CancellationToken cancellationToken)
    {
        var failure = await _session.ConnectAsync(target.HandshakeTimeout, cancellationToken);
        if (failure is null)
        {
            _session.Start();
        }
        else
        {
            await _session.CloseAsync();
        }

        return failure;
    }

    public ValueTask SendAsync(string packet) => _session.SendAsync(packet);

    public Task CloseAsync() => _session.CloseAsync();
}
