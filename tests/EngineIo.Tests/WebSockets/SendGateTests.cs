using EngineIo.WebSockets;

namespace EngineIo.Tests.WebSockets;

/// <summary>The one-field async mutex: exclusive, and handed over in arrival order.</summary>
public sealed class SendGateTests
{
    private SendGate _gate;

    [Fact]
    public async Task Enter_WhileHeld_WaitsAndIsHandedOverInArrivalOrder()
    {
        Assert.True(_gate.TryEnter());
        Assert.False(_gate.TryEnter());
        var order = new List<int>();
        var waiters = Enumerable.Range(1, 3).Select(i => WaitThenRecordAsync(i, order)).ToArray();
        Assert.All(waiters, w => Assert.False(w.IsCompleted));

        _gate.Exit();

        await Task.WhenAll(waiters).DefaultTimeout();
        Assert.Equal([1, 2, 3], order);
        Assert.True(_gate.TryEnter(), "The last holder released it.");
    }

    private async Task WaitThenRecordAsync(int id, List<int> order)
    {
        await _gate.EnterAsync();
        lock (order)
        {
            order.Add(id);
        }

        _gate.Exit();
    }
}
