using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;

namespace EngineIo.Tests.Infrastructure;

/// <summary>
/// An <see cref="IEngineIoHandler"/> that records what the server tells it, as awaitable signals: sessions as they
/// open, each session's messages, and its close reason. It can echo messages back, and it checks the handler
/// contract (no call overlaps another for the same session, nothing after the close, the close once).
/// </summary>
public sealed class RecordingHandler : IEngineIoHandler
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<SessionRecord>> _sessions = new(StringComparer.Ordinal);
    private readonly Channel<SessionRecord> _opened = Channel.CreateUnbounded<SessionRecord>();
    private readonly ConcurrentQueue<string> _violations = new();

    /// <summary>Sends every message back as it came (text as text, binary as binary).</summary>
    public bool Echo { get; set; }

    /// <summary>Runs inside <see cref="IEngineIoHandler.OnMessageAsync"/>, after the message is recorded and echoed.</summary>
    public Func<EngineIoSocket, ReceivedMessage, ValueTask>? OnMessage { get; set; }

    /// <summary>Runs inside <see cref="IEngineIoHandler.OnOpenedAsync"/>, after the session is recorded.</summary>
    public Func<EngineIoSocket, ValueTask>? OnOpened { get; set; }

    /// <summary>Contract violations seen so far; the server fixture fails the test if any remain at the end.</summary>
    public IReadOnlyCollection<string> Violations => _violations;

    /// <summary>The next session to open, in the order the server opened them.</summary>
    public Task<SessionRecord> NextOpenedAsync() => _opened.Reader.ReadAsync().AsTask().DefaultTimeout();

    /// <summary>The session with this sid, once the server has opened it.</summary>
    public Task<SessionRecord> SessionAsync(string sid) => GetSlot(sid).Task.DefaultTimeout();

    async ValueTask IEngineIoHandler.OnOpenedAsync(EngineIoSocket socket)
    {
        var record = new SessionRecord(socket);
        if (!GetSlot(socket.Id).TrySetResult(record))
        {
            _violations.Enqueue($"Session {socket.Id} was opened twice.");
            return;
        }

        Enter(record);
        try
        {
            _opened.Writer.TryWrite(record);
            if (OnOpened is { } onOpened)
            {
                await onOpened(socket);
            }
        }
        finally
        {
            Exit(record);
        }
    }

    async ValueTask IEngineIoHandler.OnMessageAsync(EngineIoSocket socket, EngineIoMessage message)
    {
        var slot = GetSlot(socket.Id);
        if (!slot.Task.IsCompleted)
        {
            _violations.Enqueue($"Session {socket.Id} received a message before it was opened.");
            return;
        }

        var record = slot.Task.Result;
        if (record.IsClosed)
        {
            _violations.Enqueue($"Session {socket.Id} received a message after it closed.");
        }

        Enter(record);
        try
        {
            // The message borrows a pooled buffer: keep a copy.
            var received = new ReceivedMessage(message.Data.ToArray(), message.IsBinary, socket.Transport);
            record.AddMessage(received);
            if (Echo)
            {
                if (message.IsBinary)
                {
                    socket.SendBinary(received.Data);
                }
                else
                {
                    socket.Send(received.Data);
                }
            }

            if (OnMessage is { } onMessage)
            {
                await onMessage(socket, received);
            }
        }
        finally
        {
            Exit(record);
        }
    }

    void IEngineIoHandler.OnClosed(EngineIoSocket socket, EngineIoDisconnectReason reason)
    {
        var slot = GetSlot(socket.Id);
        if (!slot.Task.IsCompleted)
        {
            _violations.Enqueue($"Session {socket.Id} closed before it was opened.");
            return;
        }

        var record = slot.Task.Result;
        if (record.CallsInProgress != 0)
        {
            _violations.Enqueue($"Session {socket.Id} was closed while another handler call was running.");
        }

        if (!record.SetClosed(reason))
        {
            _violations.Enqueue($"Session {socket.Id} was closed twice.");
        }
    }

    private void Enter(SessionRecord record)
    {
        if (Interlocked.Increment(ref record.CallsInProgress) != 1)
        {
            _violations.Enqueue($"Session {record.Id}: two handler calls overlapped.");
        }
    }

    private static void Exit(SessionRecord record) => Interlocked.Decrement(ref record.CallsInProgress);

    private TaskCompletionSource<SessionRecord> GetSlot(string sid) =>
        _sessions.GetOrAdd(sid, static _ => new TaskCompletionSource<SessionRecord>(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>What the handler saw of one session.</summary>
public sealed class SessionRecord
{
    private readonly Channel<ReceivedMessage> _messages = Channel.CreateUnbounded<ReceivedMessage>();
    private readonly TaskCompletionSource<EngineIoDisconnectReason> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Handler calls for this session running right now; more than one breaks the handler contract.</summary>
    internal int CallsInProgress;

    public SessionRecord(EngineIoSocket socket) => Socket = socket;

    public EngineIoSocket Socket { get; }

    public string Id => Socket.Id;

    public bool IsClosed => _closed.Task.IsCompleted;

    /// <summary>Completes with the reason when the handler is told the session closed.</summary>
    public Task<EngineIoDisconnectReason> Closed => _closed.Task;

    /// <summary>Waits for the session's close and returns the reason.</summary>
    public Task<EngineIoDisconnectReason> WaitClosedAsync() => _closed.Task.DefaultTimeout();

    /// <summary>The next message the handler received for this session.</summary>
    public Task<ReceivedMessage> NextMessageAsync() => _messages.Reader.ReadAsync().AsTask().DefaultTimeout();

    /// <summary>A message received and not yet taken, if any (to check that nothing else arrived).</summary>
    public bool TryTakeMessage(out ReceivedMessage message) => _messages.Reader.TryRead(out message);

    internal void AddMessage(ReceivedMessage message) => _messages.Writer.TryWrite(message);

    internal bool SetClosed(EngineIoDisconnectReason reason) => _closed.TrySetResult(reason);
}

/// <summary>A message as the handler received it, with the transport that carried the session at that moment.</summary>
public readonly record struct ReceivedMessage(byte[] Data, bool IsBinary, EngineIoTransports Transport)
{
    public string Text => Data is null ? "" : Encoding.UTF8.GetString(Data);
}
