using System.Net.WebSockets;
using EngineIo.Protocol;

namespace EngineIo.Transports;

/// <summary>
/// The writing side: no loop waits for packets. The session wakes the transport when it queues one or changes state,
/// and a wake that finds no send running schedules one on the thread pool, which writes until the queue is empty and
/// then ends. An idle connection thus holds no send frame and no signal, and the sends of one connection never
/// overlap.
/// </summary>
/// <remarks>
/// One wake is not scheduled: the one a message causes while this connection's receive loop dispatches it (an ack, an
/// answer). The loop sends that itself once the dispatch returns, on the thread that already has the connection in
/// cache, instead of handing it to another thread: a request and its answer then cost one thread-pool hop, not two.
/// </remarks>
internal sealed partial class WebSocketTransport : IThreadPoolWorkItem
{
    private const int WriterIdle = 0;
    private const int WriterScheduled = 1;

    /// <summary>
    /// How many bytes of frames the writer leaves unflushed while more packets wait: enough that a burst leaves in few
    /// sends, and well below what Kestrel's connection pipe takes before a flush has to wait for the client, so that a
    /// batch normally goes out without waiting and a slow client holds no more in the pipe than it would anyway.
    /// </summary>
    internal const int FlushThreshold = 32 * 1024;

    /// <summary>WriterScheduled from the wake that finds it idle until the send it starts has nothing left to do.</summary>
    private int _writerState;

    /// <summary>The close frame has been dealt with, or the socket failed: nothing is left to write.</summary>
    private volatile bool _writerDone;

    /// <summary>Completed by the first send that ends after the receive loop asked for it; null until then.</summary>
    private TaskCompletionSource? _writerStopped;

    /// <summary>The transport whose receive loop is dispatching a message on this thread, if any.</summary>
    [ThreadStatic]
    private static WebSocketTransport? t_dispatching;

    /// <summary>A wake came during this thread's dispatch; read and written only by the dispatching thread.</summary>
    private bool _wakeDeferred;

    /// <summary>Something to write: packets were queued, or the session closed. Any thread, any time, often.</summary>
    public void Wake()
    {
        if (t_dispatching == this)
        {
            // The handler may still hold the connection's lock here: the send waits for the dispatch to return.
            _wakeDeferred = true;
            return;
        }

        if (Interlocked.CompareExchange(ref _writerState, WriterScheduled, WriterIdle) == WriterIdle)
        {
            // A producer (a broadcast loop, the heartbeat timer, another connection's handler) never writes to this
            // socket itself, and the transport is its own work item, so a wake allocates nothing.
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
        }
    }

    /// <summary>
    /// Dispatches a received message; what it queued is sent from here, once the synchronous part of the dispatch has
    /// returned, unless a send is running already (then that one takes it).
    /// </summary>
    private ValueTask<bool> DispatchAndSendAsync(WebSocketMessageType type, Memory<byte> data)
    {
        var outer = t_dispatching;
        t_dispatching = this;
        try
        {
            return DispatchAsync(type, data);
        }
        finally
        {
            t_dispatching = outer;
            if (_wakeDeferred)
            {
                _wakeDeferred = false;
                if (Interlocked.CompareExchange(ref _writerState, WriterScheduled, WriterIdle) == WriterIdle)
                {
                    _ = SendAsync();
                }
            }
        }
    }

    void IThreadPoolWorkItem.Execute() => _ = SendAsync();

    private bool HasWork => !_writerDone && (_session.HasQueuedPackets || _session.IsClosed);

    /// <summary>Writes what is queued, one frame per packet, and the close frame once the session has closed.</summary>
    /// <remarks>
    /// Packets found queued together are written one after another and flushed once (on the dense path, one send for
    /// all of them; the standard path sends each frame at once whatever it is told). The writer flushes when nothing more
    /// is queued, or once <see cref="FlushThreshold"/> bytes wait in the pipe. It takes a packet from the queue only
    /// while no flush of its own is pending, so packets that arrive behind a slow client wait in the queue, where volatile
    /// ones can still be dropped, and what it has taken counts against the session's bound until its flush completes.
    /// </remarks>
    private async Task SendAsync()
    {
        do
        {
            // What the packets written since the last flush hold (they count against the session's bound until it
            // completes), and their frames' bytes and number.
            long held = 0;
            long framed = 0;
            var packets = 0;

            // What the packets of completed flushes held: the next dequeue gives it back, in the lock it takes anyway.
            long sent = 0;
            try
            {
                while (!_writerDone)
                {
                    if (_session.TryDequeue(ref sent, out var packet))
                    {
                        if (packet.Type == EnginePacketType.Close)
                        {
                            // A graceful close: the queue is delivered; on a WebSocket the close frame says the rest. Its
                            // flush takes the frames written before it along.
                            _writerDone = true;
                            _session.Abort(_session.CloseReason);
                            await CloseAsync(WebSocketCloseStatus.NormalClosure);
                            _session.Server.Metrics.PacketsSent(packets, framed);
                            break;
                        }

                        held += packet.BufferedLength;
                        framed += packet.WebSocketLength;
                        packets++;
                        var flush = framed >= FlushThreshold || !_session.HasQueuedPackets;
                        await SendFrameAsync(packet, flush);
                        if (flush)
                        {
                            _session.Server.Metrics.PacketsSent(packets, framed);
                            sent += held;
                            (held, framed, packets) = (0, 0, 0);
                        }

                        continue;
                    }

                    if (packets != 0)
                    {
                        // What looked queued went before this writer could take it (volatile packets dropped to make
                        // room, or the session closed): what was written goes now, then the writer looks again.
                        await _socket.FlushAsync();
                        _session.Server.Metrics.PacketsSent(packets, framed);
                        sent += held;
                        (held, framed, packets) = (0, 0, 0);
                        continue;
                    }

                    if (_session.IsClosed)
                    {
                        _writerDone = true;
                        await CloseAsync(WebSocketCloseStatus.NormalClosure);
                    }

                    break;
                }
            }
            catch (Exception ex)
            {
                // Nobody awaits this task: whatever failed, the connection is done for.
                _writerDone = true;
                _session.OnTransportFailed(ex);
                _socket.Abort();
            }

            _session.EndWrite(sent + held);
        }
        while (ContinueAfterRelease());

        Volatile.Read(ref _writerStopped)?.TrySetResult();
    }

    /// <summary>
    /// Goes idle, then looks again: a wake that came while this send ran found it scheduled and did nothing, so its
    /// work is this send's. The exchange is a full fence, so the look cannot happen before the release.
    /// </summary>
    private bool ContinueAfterRelease()
    {
        Interlocked.Exchange(ref _writerState, WriterIdle);
        return HasWork && Interlocked.CompareExchange(ref _writerState, WriterScheduled, WriterIdle) == WriterIdle;
    }

    /// <summary>
    /// The receive loop has ended, so the session is closed: one more send writes the close frame (unless one did
    /// already), and this completes when the last send has ended, after which nothing touches the socket.
    /// </summary>
    private Task StopWritingAsync()
    {
        // The close timeout stays until the writer has stopped: a send the client never lets complete is what it ends.
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _writerStopped, stopped);
        // Either this schedules a send, or one is scheduled already and ends after this point: both see `stopped`.
        Wake();
        return stopped.Task;
    }
}
