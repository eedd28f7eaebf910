using Microsoft.Extensions.Time.Testing;
using SocketIo.Admin.Tests.Infrastructure;

namespace SocketIo.Admin.Tests;

/// <summary>What the dashboard's protocol keeps in memory stays bounded: the sessions and the aggregated events.</summary>
public sealed class AdminStoreTests
{
    [Fact]
    public void Sessions_ExpireAfterTheirLifetime()
    {
        var time = new FakeTimeProvider();
        var store = new AdminSessionStore(time, TimeSpan.FromHours(1));
        var id = store.Create();
        Assert.Matches("^[0-9a-f]{16}$", id);

        time.Advance(TimeSpan.FromMinutes(59));
        Assert.True(store.Exists(id));
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(store.Exists(id));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void Sessions_BeyondTheBound_DropTheOldest()
    {
        var store = new AdminSessionStore(new FakeTimeProvider(), TimeSpan.FromHours(1));
        var first = store.Create();
        var second = store.Create();
        for (var i = 2; i < AdminSessionStore.MaxSessions + 1; i++)
        {
            store.Create();
        }

        Assert.Equal(AdminSessionStore.MaxSessions, store.Count);
        Assert.False(store.Exists(first));
        Assert.True(store.Exists(second));
    }

    [Fact]
    public void EventBuffer_CountsPerSecondAndTypeAndForgetsWhatItWrote()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_250));
        var buffer = new AdminEventBuffer(time);
        buffer.Push("rawConnection");
        buffer.PushPacket(outgoing: false, 10);
        buffer.PushPacket(outgoing: false, 5);
        time.Advance(TimeSpan.FromSeconds(1));
        buffer.Push("rawDisconnection", "transport close");
        buffer.PushPacket(outgoing: true, 7);

        var events = Write(buffer);

        Assert.Equal(6, events.Count);
        Assert.Contains("""{"timestamp":1700000000000,"type":"rawConnection","count":1}""", events);
        Assert.Contains("""{"timestamp":1700000000000,"type":"packetsIn","count":2}""", events);
        Assert.Contains("""{"timestamp":1700000000000,"type":"bytesIn","count":15}""", events);
        Assert.Contains("""{"timestamp":1700000001000,"type":"rawDisconnection","subType":"transport close","count":1}""", events);
        Assert.Contains("""{"timestamp":1700000001000,"type":"packetsOut","count":1}""", events);
        Assert.Contains("""{"timestamp":1700000001000,"type":"bytesOut","count":7}""", events);
        Assert.Empty(Write(buffer));
    }

    [Fact]
    public void PasswordHash_MustBeBcrypt()
    {
        Assert.True(AdminAuthenticator.IsBcryptHash(AdminServer.PasswordHash));
        Assert.False(AdminAuthenticator.IsBcryptHash("secret"));
        Assert.False(AdminAuthenticator.IsBcryptHash(""));
        Assert.False(AdminAuthenticator.IsBcryptHash("$2b$10$tooshort"));
    }

    private static List<string> Write(AdminEventBuffer buffer) =>
        [.. AdminJson.Build(buffer, static (writer, b) => b.WriteAndClear(writer)).EnumerateArray().Select(e => e.GetRawText())];
}
