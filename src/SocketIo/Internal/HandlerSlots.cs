namespace SocketIo.Internal;

/// <summary>
/// The handlers a connection has in progress (events, and CONNECTs in their middleware), and the wait of its reader
/// while they are at <see cref="SocketIoOptions.MaxConcurrentHandlersPerConnection"/>.
/// </summary>
/// <remarks>
/// A mutable struct, held in a field of its connection and used only through that field (never copied), so that an idle
/// connection pays for no object. Handlers begin on the reader and end on any thread.
/// </remarks>
internal struct HandlerSlots
{
    /// <summary>Events and CONNECTs whose handlers or middleware have not finished.</summary>
    private int _inProgress;
    /// <summary>What the reader waits on while <see cref="_inProgress"/> is at the limit.</summary>
    private TaskCompletionSource? _waiter;

    public void Begin() => Interlocked.Increment(ref _inProgress);

    /// <summary>
    /// Lets the reader go on if it waits for a handler to finish. The reader publishes its wait before it looks at the
    /// count, and this looks for a wait after it lowers the count (both through full fences), so a wait is never missed.
    /// </summary>
    public void End(int limit)
    {
        if (Interlocked.Decrement(ref _inProgress) < limit && Volatile.Read(ref _waiter) is not null)
        {
            Interlocked.Exchange(ref _waiter, null)?.TrySetResult();
        }
    }

    /// <summary>Completes at once unless the handlers in progress are at the limit (<paramref name="waiting"/>); then when one of them finishes.</summary>
    public ValueTask WaitForSlot(int limit, out bool waiting)
    {
        waiting = false;
        if (Volatile.Read(ref _inProgress) < limit)
        {
            return default;
        }

        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Interlocked.Exchange(ref _waiter, waiter);
        if (Volatile.Read(ref _inProgress) < limit)
        {
            // One finished between the two looks.
            Interlocked.Exchange(ref _waiter, null)?.TrySetResult();
            return default;
        }

        waiting = true;
        return new ValueTask(waiter.Task);
    }
}
