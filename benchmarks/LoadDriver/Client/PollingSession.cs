using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using LoadDriver.Stats;

namespace LoadDriver.Client;

/// <summary>
/// One Socket.IO v5 client over Engine.IO v4 HTTP long-polling: the handshake GET, <c>40</c> by POST, then one GET at a
/// time whose payload (packets separated by <c>0x1e</c>) goes to the mode's <see cref="SioClientHandler"/>; pings are
/// answered by POST. It serves the soak's polling sessions and the first half of its upgraded ones, where a few
/// thousand requests a minute matter more for their variety than for their cost, so it uses <see cref="HttpClient"/>.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "The SemaphoreSlim never creates its wait handle; the CancellationTokenSource is disposed when the session ends.")]
internal sealed class PollingSession(SioClientHandler handler, HttpClient http, string path)
{
    // Longer than the server's ping interval plus its timeout: a poll held longer than that means the session is gone.
    private static readonly TimeSpan _pollTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan _closeGrace = TimeSpan.FromSeconds(5);
    private static readonly MediaTypeHeaderValue _textPlain = new("text/plain") { CharSet = "UTF-8" };

    private readonly SemaphoreSlim _postLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private string _query = "";
    private bool _established;
    private bool _pinged;
    private string? _failure;
    private int _closedByUs;
    private Task? _loop;

    /// <summary>The Engine.IO session id, once the handshake answered.</summary>
    public string? Sid { get; private set; }

    /// <summary>First GET → Socket.IO CONNECT answered, in Stopwatch ticks.</summary>
    public long HandshakeTicks { get; private set; }

    /// <summary>Opens the session and joins the default namespace; null on success, otherwise the reason. Never throws.</summary>
    public async Task<string?> ConnectAsync(TimeSpan handshakeTimeout, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(handshakeTimeout);
        var token = timeout.Token;
        var started = Ticks.Now;
        var separator = path.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        try
        {
            var open = await GetAsync($"{path}{separator}EIO=4&transport=polling", token);
            Sid = open.Length > 1 && open[0] == (byte)'0' ? ReadSid(open.AsSpan(1)) : null;
            if (Sid is null)
            {
                throw new ConnectionException("polling handshake without a sid");
            }

            _query = $"{path}{separator}EIO=4&transport=polling&sid={Uri.EscapeDataString(Sid)}";
            await PostAsync("40", token);
            while (!_established)
            {
                Dispatch(await GetAsync(_query, token));
                if (_failure is not null)
                {
                    throw new ConnectionException(_failure);
                }

                await AnswerPingAsync(token);
            }

            HandshakeTicks = Ticks.Now - started;
            return null;
        }
        catch (Exception e)
        {
            _failure ??= "handshake failed";
            _stop.Dispose();
            return e is OperationCanceledException
                ? cancellationToken.IsCancellationRequested ? "cancelled" : "handshake timeout"
                : Describe(e);
        }
    }

    /// <summary>Starts polling until either side closes; a close we did not ask for goes to the handler as a drop.</summary>
    public void Start() => _loop = RunAsync();

    /// <summary>One GET and its packets, then nothing more: the last poll before the session moves to a WebSocket.
    /// Null when it went through, otherwise the reason.</summary>
    public async Task<string?> PollOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            Dispatch(await GetAsync(_query, cancellationToken));
            await AnswerPingAsync(cancellationToken);
            return _failure;
        }
        catch (Exception e) when (e is HttpRequestException or ConnectionException or OperationCanceledException or IOException)
        {
            return $"last poll before the upgrade: {Describe(e)}";
        }
    }

    /// <summary>Sends one Engine.IO packet (<c>42...</c> for a Socket.IO event) by POST; POSTs never overlap.</summary>
    public async ValueTask SendAsync(string packet)
    {
        using var timeout = new CancellationTokenSource(_pollTimeout);
        await PostAsync(packet, timeout.Token);
    }

    /// <summary>Closes from our side: the close packet by POST, then the poll ends (the server releases it); not
    /// counted as a drop.</summary>
    public async Task CloseAsync()
    {
        if (Interlocked.Exchange(ref _closedByUs, 1) != 0 || Sid is null)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(_closeGrace);
            await PostAsync("1", timeout.Token);
        }
        catch (Exception e) when (e is HttpRequestException or ConnectionException or OperationCanceledException or IOException)
        {
            // The session may be gone already; the poll below ends either way.
        }

        if (_loop is { } loop)
        {
            try
            {
                await loop.WaitAsync(_closeGrace);
            }
            catch (TimeoutException)
            {
                await _stop.CancelAsync();
                await loop;
            }

            _stop.Dispose();
        }
    }

    private async Task RunAsync()
    {
        string reason;
        try
        {
            while (_failure is null && Volatile.Read(ref _closedByUs) == 0)
            {
                using var poll = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                poll.CancelAfter(_pollTimeout);
                Dispatch(await GetAsync(_query, poll.Token));
                await AnswerPingAsync(_stop.Token);
            }

            reason = _failure ?? "closed";
        }
        catch (Exception e)
        {
            reason = Describe(e);
        }

        if (Volatile.Read(ref _closedByUs) == 0)
        {
            handler.OnDropped(reason);
        }
    }

    private async Task AnswerPingAsync(CancellationToken cancellationToken)
    {
        if (_pinged && _failure is null && Volatile.Read(ref _closedByUs) == 0)
        {
            _pinged = false;
            await PostAsync("3", cancellationToken);
        }
    }

    private async Task<byte[]> GetAsync(string uri, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(uri, cancellationToken);
        var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new ConnectionException($"poll: HTTP {(int)response.StatusCode} {Snippet(body)}");
        }

        return body;
    }

    private async Task PostAsync(string packet, CancellationToken cancellationToken)
    {
        if (!_postLock.Wait(0, CancellationToken.None))
        {
            await _postLock.WaitAsync(cancellationToken);
        }

        try
        {
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(packet));
            content.Headers.ContentType = _textPlain;
            using var response = await http.PostAsync(_query, content, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                throw new ConnectionException($"POST: HTTP {(int)response.StatusCode} {Snippet(body)}");
            }
        }
        finally
        {
            _postLock.Release();
        }
    }

    /// <summary>Hands each packet of a payload to the handler; a reply it returns (a WebSocket frame) has no
    /// meaning here, and no mode that runs over polling returns one.</summary>
    private void Dispatch(ReadOnlySpan<byte> payload)
    {
        while (!payload.IsEmpty && _failure is null)
        {
            var end = payload.IndexOf((byte)0x1e);
            var packet = end < 0 ? payload : payload[..end];
            payload = end < 0 ? default : payload[(end + 1)..];
            if (packet.IsEmpty)
            {
                continue;
            }

            switch (packet[0])
            {
                case (byte)'1':
                    _failure = "engine.io close packet";
                    break;
                case (byte)'2':
                    handler.OnPing();
                    _pinged = true;
                    break;
                case (byte)'4':
                    DispatchSocketIo(packet[1..]);
                    break;
                default:
                    // 6 (noop) releases a poll; nothing else is sent to a client in protocol v4.
                    break;
            }
        }
    }

    private void DispatchSocketIo(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty || (packet.Length > 1 && packet[1] == (byte)'/'))
        {
            // Another namespace: the driver only joins "/".
            return;
        }

        var rest = packet[1..];
        switch (packet[0])
        {
            case (byte)'0':
                _established = true;
                break;
            case (byte)'1':
                _failure = "socket.io disconnect packet";
                break;
            case (byte)'2':
                SioConnection.TryReadAckId(ref rest, out _);
                handler.OnEvent(rest);
                break;
            case (byte)'3':
                if (SioConnection.TryReadAckId(ref rest, out var id))
                {
                    handler.OnAck(id, rest);
                }

                break;
            case (byte)'4':
                _failure = $"connect_error: {Snippet(rest)}";
                break;
        }
    }

    private static string? ReadSid(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isSid = reader.ValueTextEquals("sid"u8);
                if (!reader.Read())
                {
                    return null;
                }

                if (isSid && reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString();
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    private static string Snippet(ReadOnlySpan<byte> body) => Encoding.UTF8.GetString(body[..Math.Min(body.Length, 100)]);

    private static string Describe(Exception e) => e switch
    {
        ConnectionException => e.Message,
        HttpRequestException h => $"HTTP request failed: {h.HttpRequestError}",
        OperationCanceledException => "poll timeout",
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
