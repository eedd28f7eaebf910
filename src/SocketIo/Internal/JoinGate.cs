namespace SocketIo.Internal;

/// <summary>
/// The joins of a connection whose CONNECT answer may be out while their namespace's connection handlers have not all
/// started yet, and the wait of the connection's reader until there are none.
/// </summary>
/// <remarks>
/// A client may send as soon as it reads the CONNECT answer. When the middleware completed on another thread, the
/// connection handlers run on that thread while the reader goes on, so without the wait the client's first event could be
/// dispatched before a handler registered its listener, and find none. The reference cannot lose it: it runs its
/// connection listeners synchronously right after writing the answer. The reader waits rather than queueing, so what the
/// client sends meanwhile stays in the transport, within its limits, in order, and nothing is dropped.
/// A mutable struct, held in a field of its connection and used only through that field (never copied), so that an idle
/// connection pays for no object; the waiter is made only when the reader has to wait.
/// </remarks>
internal struct JoinGate
{
    /// <summary>Joins between the socket's addition and the start of its last connection handler.</summary>
    private int _pending;
    /// <summary>What the reader waits on while <see cref="_pending"/> is above zero.</summary>
    private TaskCompletionSource? _waiter;

    /// <summary>Whether a join is pending: the reader's one look per message, made again in <see cref="WaitAsync"/>.</summary>
    public bool IsClosed => Volatile.Read(ref _pending) > 0;

    public void Close() => Interlocked.Increment(ref _pending);

    /// <summary>
    /// Lets the reader go on if no other join is pending. As in <see cref="HandlerSlots"/>, the reader publishes its wait
    /// before it looks at the count, and this looks for a wait after it lowers the count, so a wait is never missed.
    /// </summary>
    public void Open()
    {
        if (Interlocked.Decrement(ref _pending) == 0 && Volatile.Read(ref _waiter) is not null)
        {
            Interlocked.Exchange(ref _waiter, null)?.TrySetResult();
        }
    }

    /// <summary>Completes at once unless a join is pending; then when none is. Called by the reader only.</summary>
    public ValueTask WaitAsync()
    {
        if (Volatile.Read(ref _pending) == 0)
        {
            return default;
        }

        // Asynchronous continuations: the reader goes on from the thread pool, not inside the handshake that opened.
        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _waiter, waiter);
        if (Volatile.Read(ref _pending) == 0)
        {
            // The last one opened between the two looks.
            Interlocked.Exchange(ref _waiter, null)?.TrySetResult();
            return default;
        }

        return new ValueTask(waiter.Task);
    }
}
