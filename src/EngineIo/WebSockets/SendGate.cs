using System.Diagnostics;

namespace EngineIo.WebSockets;

/// <summary>
/// An async mutex in one reference field, for the frames of a <see cref="PipeWebSocket"/>: the application's sends and
/// the replies the receive side makes (pong, close) must never interleave on the wire.
/// </summary>
/// <remarks>
/// Free, it is null; held, a sentinel; held with waiters, the newest waiter, each linking to the one before. A
/// <see cref="SemaphoreSlim"/> would cost about 90 bytes per connection, idle or not; this costs 8, and allocates a
/// waiter only when two parties actually meet (a pong due while a send is in flight), which is rare. Only the holder
/// unlinks waiters, and it hands over in arrival order; newcomers only ever replace the head, so a single
/// compare-exchange on the field orders everything. Waiting cannot be cancelled: the wait is for a frame being written,
/// which ends when its flush does.
/// </remarks>
internal struct SendGate
{
    private static readonly object _held = new();

    private object? _state;

    /// <summary>Whether some party holds the gate (not necessarily the caller: the holder may move between threads).</summary>
    public bool IsHeld => Volatile.Read(ref _state) is not null;

    /// <summary>Takes the gate if it is free.</summary>
    public bool TryEnter() => Interlocked.CompareExchange(ref _state, _held, null) is null;

    /// <summary>Takes the gate, at once if it is free, otherwise when the holders before this one have left.</summary>
    public ValueTask EnterAsync()
    {
        Waiter? waiter = null;
        while (true)
        {
            var state = Volatile.Read(ref _state);
            if (state is null)
            {
                if (Interlocked.CompareExchange(ref _state, _held, null) is null)
                {
                    return default;
                }

                continue;
            }

            waiter ??= new Waiter();
            waiter.Previous = state as Waiter;
            if (ReferenceEquals(Interlocked.CompareExchange(ref _state, waiter, state), state))
            {
                return new ValueTask(waiter.Task);
            }
        }
    }

    /// <summary>Leaves the gate, handing it to the longest waiting party if there is one.</summary>
    public void Exit()
    {
        while (true)
        {
            var state = Volatile.Read(ref _state);
            Debug.Assert(state is not null, "Exit without Enter.");
            if (ReferenceEquals(state, _held))
            {
                if (ReferenceEquals(Interlocked.CompareExchange(ref _state, null, _held), _held))
                {
                    return;
                }

                continue;
            }

            var newest = (Waiter)state!;
            if (newest.Previous is null)
            {
                // The only waiter: the gate stays held, now by it. A newcomer may have arrived meanwhile; then retry.
                if (!ReferenceEquals(Interlocked.CompareExchange(ref _state, _held, newest), newest))
                {
                    continue;
                }

                newest.TrySetResult();
                return;
            }

            // Several waiters: the oldest is at the end of the chain, which only the holder ever changes.
            var next = newest;
            while (next.Previous!.Previous is not null)
            {
                next = next.Previous;
            }

            var oldest = next.Previous;
            next.Previous = null;
            oldest.TrySetResult();
            return;
        }
    }

    /// <summary>One party waiting; completed on the thread pool so that the one leaving never runs its frame inline.</summary>
    private sealed class Waiter() : TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        public Waiter? Previous;
    }
}
