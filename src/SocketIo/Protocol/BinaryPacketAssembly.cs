namespace SocketIo.Protocol;

/// <summary>
/// The binary packet a connection's reader is reassembling, and the one timer that bounds how long its attachments may
/// take. Made with the connection's first binary packet and kept for the ones after it, so a connection that never
/// sends binary pays for none of it.
/// </summary>
/// <remarks>
/// The reader starts packets and adds attachments, one message at a time; the timer and the close run on other
/// threads. A packet in progress is taken exactly once: by the reader (complete, or too large), by the timer (expired)
/// or by the close.
/// </remarks>
internal sealed class BinaryPacketAssembly
{
    private readonly SocketPacketLimits _limits;
    private readonly IAttachmentTimeoutHandler _handler;
    /// <summary>Set and completed by the reader; taken instead by the timer when it expires.</summary>
    private PartialBinaryPacket? _partial;
    /// <summary>Created with the first binary packet and re-armed for each one after it.</summary>
    private ITimer? _timer;

    public BinaryPacketAssembly(SocketPacketLimits limits, IAttachmentTimeoutHandler handler)
    {
        _limits = limits;
        _handler = handler;
    }

    /// <summary>Whether a packet waits for attachments (a text packet now breaks the protocol).</summary>
    public bool IsPending => Volatile.Read(ref _partial) is not null;

    /// <summary>Starts a packet whose header announced attachments, and times it.</summary>
    public void Start(in SocketPacketHeader header, ReadOnlySpan<byte> text)
    {
        // The engine's buffer is only lent for this call: keep a copy until the attachments have arrived.
        var time = _limits.TimeProvider;
        Volatile.Write(ref _partial, new PartialBinaryPacket(header, text.ToArray(), _limits.MaxAttachmentBytes, time.GetTimestamp()));
        var timeout = _limits.AttachmentTimeout;
        if (timeout == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        // Only the reader arms the timer, and the engine reports the close only once the reader is done, so the timer
        // cannot be created after the close has disposed of it.
        if (_timer is { } timer)
        {
            timer.Change(timeout, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _timer = time.CreateTimer(static state => ((BinaryPacketAssembly)state!).OnTimer(), this, timeout, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Adds an attachment to the packet in progress; gives the packet once it is whole.</summary>
    public DecodeResult Add(ReadOnlySpan<byte> data, out InboundPacket packet)
    {
        packet = default;
        var partial = Volatile.Read(ref _partial);
        if (partial is null)
        {
            // Binary data nobody announced, or the rest of a packet that timed out.
            return DecodeResult.Malformed;
        }

        switch (partial.Add(data))
        {
            case AttachmentResult.Pending:
                return DecodeResult.None;
            case AttachmentResult.TooLarge:
                Interlocked.CompareExchange(ref _partial, null, partial);
                return DecodeResult.TooLarge;
        }

        if (Interlocked.CompareExchange(ref _partial, null, partial) != partial)
        {
            // The timer expired as the last attachment came: the connection is closing already.
            return DecodeResult.None;
        }

        // A timer left armed would only find no packet, but a callback costs more than disarming.
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        packet = new InboundPacket(partial.Header, partial.Text, partial.Attachments);
        return DecodeResult.Packet;
    }

    /// <summary>The connection closed: the packet in progress is dropped and the timer with it.</summary>
    public void Stop()
    {
        // Dropped, not only disposed: a disposed timer held for the life of the connection still costs it memory.
        Interlocked.Exchange(ref _timer, null)?.Dispose();
        Volatile.Write(ref _partial, null);
    }

    /// <summary>
    /// Expires the packet in progress if it is older than the attachment timeout. The one timer serves every packet of
    /// the connection, so it may find a newer packet than the one it was armed for (or none); a packet not yet due
    /// re-arms it for the rest of its time.
    /// </summary>
    private void OnTimer()
    {
        var partial = Volatile.Read(ref _partial);
        if (partial is null)
        {
            return;
        }

        var remaining = _limits.AttachmentTimeout - _limits.TimeProvider.GetElapsedTime(partial.StartedAt);
        if (remaining > TimeSpan.Zero)
        {
            Volatile.Read(ref _timer)?.Change(remaining, Timeout.InfiniteTimeSpan);
            return;
        }

        if (Interlocked.CompareExchange(ref _partial, null, partial) == partial)
        {
            _handler.OnAttachmentTimeout();
        }
    }
}
