using EngineIo.Internal;
using EngineIo.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace EngineIo.Tests.Internal;

/// <summary>
/// The handler sees a session's life in order, OnOpened, then OnClosed once, even when the session closes before the
/// handler was told it opened (a WebSocket whose open packet could not be sent).
/// </summary>
public sealed class SessionHandlerOrderTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly RecordingHandler _handler = new();
    private readonly EngineIoServer _server;

    public SessionHandlerOrderTests() => _server = HostlessServer.Create(_services, handler: _handler);

    [Fact]
    public async Task ClosedBeforeOpen_HandlerHearsNothingOfIt()
    {
        var opened = 0;
        _handler.OnOpened = _ =>
        {
            opened++;
            return ValueTask.CompletedTask;
        };
        var session = Session("early");

        session.Abort(EngineIoDisconnectReason.TransportClose);
        await session.OpenAsync();

        Assert.Equal(0, opened);
        Assert.Empty(_handler.Violations);
    }

    [Fact]
    public async Task ClosedAfterOpen_OpenedThenClosedOnce()
    {
        var session = Session("late");

        await session.OpenAsync();
        session.Abort(EngineIoDisconnectReason.TransportClose);
        session.Abort(EngineIoDisconnectReason.TransportError);

        var record = await _handler.SessionAsync(session.Id);
        Assert.Equal(EngineIoDisconnectReason.TransportClose, await record.WaitClosedAsync());
        Assert.Empty(_handler.Violations);
    }

    public void Dispose()
    {
        _server.Dispose();
        _services.Dispose();
    }

    private EngineIoSession Session(string id) =>
        new(_server, TestSessionIds.Named(id), new EngineIoHandshake(new DefaultHttpContext(), TimeProvider.System.GetUtcNow()), EngineIoTransports.WebSocket);
}
