using System.Buffers.Binary;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Net.Sockets;
using System.Text;
using LoadDriver.Stats;
using LoadDriver.Wire;

namespace LoadDriver.Client;

/// <summary>
/// One Socket.IO v5 client over Engine.IO v4 over a raw WebSocket on a TCP socket bound to a chosen source address.
/// The receive loop parses server frames in place in one buffer per connection, answers Engine.IO pings, and hands
/// Socket.IO events and acks of the default namespace to the mode's <see cref="SioClientHandler"/>.
/// </summary>
[SuppressMessage("Design", "CA1001", Justification = "The SemaphoreSlim never creates its wait handle, so there is nothing to dispose.")]
internal sealed class SioConnection(SioClientHandler handler)
{
    private const int InitialBufferSize = 2048;
    private const int MaxHeaderBytes = 16 * 1024;
    private const int MaxMessageBytes = 16 * 1024 * 1024;

    private static readonly byte[] _connectFrame = ClientFrames.Text("40");
    private static readonly byte[] _msgpackConnectFrame = ClientFrames.Binary(MsgpackPackets.Connect);
    private static readonly byte[] _pongFrame = ClientFrames.Text("3");
    private static readonly byte[] _closeFrame = ClientFrames.Close();
    private static readonly byte[] _probeFrame = ClientFrames.Text("2probe");
    private static readonly byte[] _upgradeFrame = ClientFrames.Text("5");

    private readonly SioClientHandler _handler = handler;
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Socket? _socket;
    private byte[] _buffer = new byte[InitialBufferSize];
    private int _start;
    private int _end;
    private int _needed;
    private byte[]? _fragments;
    private int _fragmentLength;
    private bool _inTextMessage;
    private bool _inBinaryMessage;
    private volatile ConnectionState _state;
    private string? _failure;
    private int _closedByUs;
    private long _connectStartedAt;
    private byte[] _connect = _connectFrame;

    /// <summary>
    /// Whether the connection speaks socket.io-msgpack-parser: its CONNECT, and every Socket.IO packet it reads, is a
    /// binary message of MessagePack. The handler then gets each packet's data as MessagePack too.
    /// </summary>
    public bool MessagePack { get; init; }

    /// <summary>TCP connect start → Socket.IO CONNECT answered, in Stopwatch ticks.</summary>
    public long HandshakeTicks { get; private set; }

    /// <summary>Connects, upgrades, opens the Engine.IO session and joins the default namespace. Returns null on
    /// success, otherwise the reason; never throws.</summary>
    /// <param name="target">The server and its pre-encoded upgrade request.</param>
    /// <param name="source">The local address to bind.</param>
    /// <param name="cancellationToken">Ends the attempt (the handshake timeout also does).</param>
    /// <param name="upgradeSid">A polling session (already in the namespace) to take over instead: the connection then
    /// only exchanges the probe, and the caller sends <c>5</c> with <see cref="CompleteUpgradeAsync"/> once its last
    /// poll has returned, as socket.io-client does.</param>
    /// <param name="connectFrame">The Socket.IO CONNECT to send instead of a bare <c>40</c> (e.g. one that carries a
    /// session id and offset to recover).</param>
    public async Task<string?> ConnectAsync(
        ConnectTarget target, IPAddress source, CancellationToken cancellationToken, string? upgradeSid = null, byte[]? connectFrame = null)
    {
        _connect = connectFrame ?? (MessagePack ? _msgpackConnectFrame : _connectFrame);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(target.HandshakeTimeout);
        var token = timeout.Token;
        _connectStartedAt = Ticks.Now;
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _socket = socket;
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(target.Server, token);
            await socket.SendAsync(upgradeSid is null ? target.UpgradeRequest : target.UpgradeRequestFor(upgradeSid), SocketFlags.None, token);
            await ReadUpgradeResponseAsync(socket, token);
            _state = upgradeSid is null ? ConnectionState.AwaitingOpen : ConnectionState.AwaitingProbe;
            if (upgradeSid is not null)
            {
                await socket.SendAsync(_probeFrame, SocketFlags.None, token);
            }

            while (await DrainFramesAsync() && _state != ConnectionState.Established)
            {
                await ReceiveAsync(socket, token);
            }

            if (_state == ConnectionState.Established)
            {
                return null;
            }

            throw new ConnectionException(_failure ?? "closed during handshake");
        }
        catch (Exception e)
        {
            socket.Dispose();
            _state = ConnectionState.Closed;
            return e is OperationCanceledException
                ? cancellationToken.IsCancellationRequested ? "cancelled" : "handshake timeout"
                : Describe(e);
        }
    }

    /// <summary>The receive loop of an established connection; ends when either side closes.</summary>
    public async Task RunAsync()
    {
        var socket = _socket!;
        string reason;
        try
        {
            while (await DrainFramesAsync())
            {
                await ReceiveAsync(socket, CancellationToken.None);
            }

            reason = _failure ?? "closed";
        }
        catch (Exception e)
        {
            reason = Describe(e);
        }

        _state = ConnectionState.Closed;
        if (Volatile.Read(ref _closedByUs) == 0)
        {
            socket.Dispose();
            _handler.OnDropped(reason);
        }
    }

    /// <summary>Sends one complete frame; sends from the receive loop and from the mode never interleave.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> frame)
    {
        var socket = _socket ?? throw new InvalidOperationException("not connected");
        if (!_sendLock.Wait(0))
        {
            await _sendLock.WaitAsync();
        }

        try
        {
            while (!frame.IsEmpty)
            {
                var sent = await socket.SendAsync(frame, SocketFlags.None);
                frame = frame[sent..];
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>
    /// Cuts the transport from our side without a WebSocket close frame, as a lost network or a sleeping laptop
    /// would: the server sees the TCP connection end (a reason it keeps recoverable sessions for). Not counted as a
    /// drop; packets still being handled on the receive loop may reach the handler afterwards.
    /// </summary>
    public void Abort()
    {
        if (Interlocked.Exchange(ref _closedByUs, 1) == 0)
        {
            _socket?.Dispose();
        }
    }

    /// <summary>Ends a takeover of a polling session: from now on the server writes to this connection.</summary>
    public ValueTask CompleteUpgradeAsync() => SendAsync(_upgradeFrame);

    /// <summary>Closes from our side (a WebSocket close frame, then the socket); not counted as a drop.</summary>
    public void Close()
    {
        if (Interlocked.Exchange(ref _closedByUs, 1) != 0 || _socket is not { } socket)
        {
            return;
        }

        try
        {
            if (_state == ConnectionState.Established)
            {
                // Never block on a server that stopped reading: the frame is a courtesy, the FIN is what counts.
                socket.Blocking = false;
                socket.Send(_closeFrame, SocketFlags.None);
            }
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        socket.Dispose();
    }

    private async ValueTask ReadUpgradeResponseAsync(Socket socket, CancellationToken cancellationToken)
    {
        while (true)
        {
            var headerEnd = _buffer.AsSpan(0, _end).IndexOf("\r\n\r\n"u8);
            if (headerEnd >= 0)
            {
                var response = _buffer.AsSpan(0, headerEnd);
                var lineEnd = response.IndexOf("\r\n"u8);
                var statusLine = lineEnd < 0 ? response : response[..lineEnd];
                if (!statusLine.StartsWith("HTTP/1.1 101"u8))
                {
                    var text = Encoding.ASCII.GetString(statusLine[..Math.Min(statusLine.Length, 80)]);
                    throw new ConnectionException($"upgrade refused: {text}");
                }

                _start = headerEnd + 4;
                return;
            }

            if (_end == _buffer.Length)
            {
                if (_buffer.Length >= MaxHeaderBytes)
                {
                    throw new ConnectionException("upgrade response headers too large");
                }

                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            var received = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
            if (received == 0)
            {
                throw new ConnectionException(_end == 0 ? "closed before the upgrade response" : "closed during the upgrade response");
            }

            _end += received;
        }
    }

    private async ValueTask ReceiveAsync(Socket socket, CancellationToken cancellationToken)
    {
        MakeRoom();
        var received = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, cancellationToken);
        if (received == 0)
        {
            Fail(_state == ConnectionState.Established ? "connection closed by server" : "closed during handshake");
            throw new ConnectionException(_failure!);
        }

        _end += received;
    }

    /// <summary>Ensures free space after <c>_end</c> that can hold the rest of the frame being received.</summary>
    private void MakeRoom()
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }

        var required = Math.Max(_needed, _end - _start + 1);
        if (_start + required <= _buffer.Length && _end < _buffer.Length)
        {
            return;
        }

        var target = required <= _buffer.Length ? _buffer : new byte[Math.Max(required, _buffer.Length * 2)];
        Buffer.BlockCopy(_buffer, _start, target, 0, _end - _start);
        _buffer = target;
        _end -= _start;
        _start = 0;
    }

    /// <summary>Handles every complete frame in the buffer; false once the connection is over.</summary>
    private async ValueTask<bool> DrainFramesAsync()
    {
        while (_state != ConnectionState.Closed && TryTakeFrame(out var opcode, out var fin, out var offset, out var length))
        {
            var reply = HandleFrame(opcode, fin, _buffer.AsMemory(offset, length));
            if (!reply.IsEmpty && _state != ConnectionState.Closed)
            {
                await SendAsync(reply);
            }
        }

        return _state != ConnectionState.Closed;
    }

    private bool TryTakeFrame(out int opcode, out bool fin, out int payloadOffset, out int payloadLength)
    {
        opcode = 0;
        fin = false;
        payloadOffset = 0;
        payloadLength = 0;
        var available = _buffer.AsSpan(_start, _end - _start);
        if (available.Length < 2)
        {
            _needed = 2;
            return false;
        }

        var masked = (available[1] & 0x80) != 0;
        var length7 = available[1] & 0x7F;
        var header = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + (masked ? 4 : 0);
        if (available.Length < header)
        {
            _needed = header;
            return false;
        }

        var length = length7 switch
        {
            126 => BinaryPrimitives.ReadUInt16BigEndian(available[2..]),
            127 => BinaryPrimitives.ReadUInt64BigEndian(available[2..]),
            _ => (ulong)length7,
        };
        if (length > MaxMessageBytes)
        {
            throw new ConnectionException("frame larger than 16 MB");
        }

        var total = header + (int)length;
        if (available.Length < total)
        {
            _needed = total;
            return false;
        }

        if (masked)
        {
            // Servers must not mask; unmask anyway rather than misread a lenient peer.
            var key = available.Slice(header - 4, 4);
            var payload = available.Slice(header, (int)length);
            for (var i = 0; i < payload.Length; i++)
            {
                payload[i] ^= key[i & 3];
            }
        }

        opcode = available[0] & 0x0F;
        fin = (available[0] & 0x80) != 0;
        payloadOffset = _start + header;
        payloadLength = (int)length;
        _start += total;
        _needed = 0;
        return true;
    }

    private ReadOnlyMemory<byte> HandleFrame(int opcode, bool fin, ReadOnlyMemory<byte> payload)
    {
        switch (opcode)
        {
            case 0x1 when fin:
                return DispatchEngineIo(payload.Span);
            case 0x1:
                _inTextMessage = true;
                _fragmentLength = 0;
                AppendFragment(payload.Span);
                return default;
            case 0x0 when _inTextMessage:
                AppendFragment(payload.Span);
                if (!fin)
                {
                    return default;
                }

                _inTextMessage = false;
                return DispatchEngineIo(_fragments.AsSpan(0, _fragmentLength));
            case 0x2 when MessagePack && fin:
                return DispatchMsgpack(payload);
            case 0x2 when MessagePack:
                _inBinaryMessage = true;
                _fragmentLength = 0;
                AppendFragment(payload.Span);
                return default;
            case 0x0 when _inBinaryMessage:
                AppendFragment(payload.Span);
                if (!fin)
                {
                    return default;
                }

                _inBinaryMessage = false;
                return DispatchMsgpack(_fragments.AsMemory(0, _fragmentLength));
            case 0x8:
                Fail("close frame from server");
                return default;
            case 0x9:
                return ClientFrames.Pong(payload.Span);
            default:
                // Binary messages (Socket.IO attachments) and WebSocket pongs are not part of any mode.
                return default;
        }
    }

    private void AppendFragment(ReadOnlySpan<byte> payload)
    {
        if (_fragments is null || _fragmentLength + payload.Length > _fragments.Length)
        {
            Array.Resize(ref _fragments, Math.Max(_fragmentLength + payload.Length, (_fragments?.Length ?? 1024) * 2));
        }

        payload.CopyTo(_fragments.AsSpan(_fragmentLength));
        _fragmentLength += payload.Length;
    }

    private ReadOnlyMemory<byte> DispatchEngineIo(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty)
        {
            return default;
        }

        switch (packet[0])
        {
            case (byte)'0' when _state == ConnectionState.AwaitingOpen:
                _state = ConnectionState.AwaitingConnect;
                return _connect;
            case (byte)'1':
                Fail("engine.io close packet");
                return default;
            case (byte)'2':
                _handler.OnPing();
                return _pongFrame;
            case (byte)'3' when _state == ConnectionState.AwaitingProbe:
                if (!packet[1..].SequenceEqual("probe"u8))
                {
                    Fail("unexpected answer to the upgrade probe");
                    return default;
                }

                HandshakeTicks = Ticks.Now - _connectStartedAt;
                _state = ConnectionState.Established;
                return default;
            case (byte)'4':
                return DispatchSocketIo(packet[1..]);
            default:
                return default;
        }
    }

    private ReadOnlyMemory<byte> DispatchSocketIo(ReadOnlySpan<byte> packet)
    {
        if (packet.IsEmpty)
        {
            return default;
        }

        var type = packet[0];
        var rest = packet[1..];
        if (!rest.IsEmpty && rest[0] == (byte)'/')
        {
            // Another namespace: the driver only joins "/".
            return default;
        }

        switch (type)
        {
            case (byte)'0' when _state == ConnectionState.AwaitingConnect:
                HandshakeTicks = Ticks.Now - _connectStartedAt;
                _state = ConnectionState.Established;
                _handler.OnConnect(rest);
                return default;
            case (byte)'1':
                Fail("socket.io disconnect packet");
                return default;
            case (byte)'2':
                TryReadAckId(ref rest, out _);
                return _handler.OnEvent(rest);
            case (byte)'3':
                return TryReadAckId(ref rest, out var id) ? _handler.OnAck(id, rest) : default;
            case (byte)'4':
                Fail($"connect_error: {Encoding.UTF8.GetString(rest[..Math.Min(rest.Length, 100)])}");
                return default;
            default:
                return default;
        }
    }

    /// <summary>A socket.io-msgpack-parser packet: routed as <see cref="DispatchSocketIo"/> routes the default parser's.</summary>
    private ReadOnlyMemory<byte> DispatchMsgpack(ReadOnlyMemory<byte> message)
    {
        if (!MsgpackPackets.TryRead(message, out var type, out var rootNamespace, out var id, out var data))
        {
            Fail("malformed msgpack packet");
            return default;
        }

        if (!rootNamespace)
        {
            return default;
        }

        switch (type)
        {
            case 0 when _state == ConnectionState.AwaitingConnect:
                HandshakeTicks = Ticks.Now - _connectStartedAt;
                _state = ConnectionState.Established;
                return default;
            case 1:
                Fail("socket.io disconnect packet");
                return default;
            case 2:
                return _handler.OnEvent(data.Span);
            case 3:
                return id >= 0 ? _handler.OnAck(id, data.Span) : default;
            case 4:
                Fail($"connect_error: {MsgpackPackets.Describe(data)}");
                return default;
            default:
                return default;
        }
    }

    /// <summary>Reads the ack id that may follow a Socket.IO packet's type (and namespace), moving past it.</summary>
    internal static bool TryReadAckId(ref ReadOnlySpan<byte> packet, out long id)
    {
        var digits = packet.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        if (digits < 0)
        {
            digits = packet.Length;
        }

        if (digits == 0 || !Utf8Parser.TryParse(packet[..digits], out id, out _))
        {
            id = 0;
            return false;
        }

        packet = packet[digits..];
        return true;
    }

    private static string Describe(Exception e) => e switch
    {
        ConnectionException => e.Message,
        SocketException s => $"socket error: {s.SocketErrorCode}",
        ObjectDisposedException => "socket disposed",
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    private void Fail(string reason)
    {
        _failure ??= reason;
        _state = ConnectionState.Closed;
    }
}
