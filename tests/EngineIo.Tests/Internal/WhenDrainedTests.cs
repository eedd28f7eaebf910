using System.Text;
using EngineIo.Tests.Infrastructure;

namespace EngineIo.Tests.Internal;

/// <summary>
/// <see cref="EngineIoSocket.WhenDrained"/>: the signal a layer above uses to hold back what it would send to a client
/// that has not read what it has, and send it once the client has.
/// </summary>
public sealed class WhenDrainedTests
{
    [Fact]
    public async Task NothingBuffered_CalledAtOnce()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (_, record) = await server.OpenPollingSessionAsync();
        var calls = 0;

        record.Socket.WhenDrained(() => calls++);

        Assert.Equal(0, record.Socket.BufferedBytes);
        Assert.Equal(1, calls);
    }

    [Fact]
    public async Task Polling_CalledOnceThePollThatTookTheQueueIsWritten_AndOnlyOnce()
    {
        await using var server = await EngineIoTestServer.StartAsync();
        var (sid, record) = await server.OpenPollingSessionAsync();
        var message = Encoding.UTF8.GetBytes("held");
        Assert.True(record.Socket.Send(message));
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;

        record.Socket.WhenDrained(() =>
        {
            Interlocked.Increment(ref calls);
            drained.TrySetResult();
        });

        // No poll has come: the message is still the client's to fetch.
        Assert.Equal(message.Length, record.Socket.BufferedBytes);
        Assert.False(drained.Task.IsCompleted);

        using (var poll = await server.GetAsync(sid))
        {
            Assert.Equal("4held", await poll.Content.ReadAsStringAsync());
        }

        await drained.Task.DefaultTimeout();
        Assert.Equal(0, record.Socket.BufferedBytes);

        // A later send and drain calls nobody: the callback was for one drain.
        Assert.True(record.Socket.Send(message));
        using (var poll = await server.GetAsync(sid))
        {
            Assert.Equal("4held", await poll.Content.ReadAsStringAsync());
        }

        Assert.Equal(1, Volatile.Read(ref calls));
    }
}
