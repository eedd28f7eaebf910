using SocketIo.Internal;

namespace SocketIo.Tests.Adapters;

/// <summary>The one-room set a socket keeps for its own emits answers every set question as a hash set of that room does.</summary>
public sealed class SingleRoomSetTests
{
    public static TheoryData<string[]> Others => new()
    {
        Array.Empty<string>(),
        new[] { "room" },
        new[] { "room", "room" },
        new[] { "other" },
        new[] { "room", "other" },
        new[] { "ROOM" },
    };

    [Theory]
    [MemberData(nameof(Others))]
    public void AnswersAsAHashSetOfItsRoom(string[] other)
    {
        var single = new SingleRoomSet("room");
        var hashed = new HashSet<string>(StringComparer.Ordinal) { "room" };

        Assert.Equal(hashed.IsProperSubsetOf(other), single.IsProperSubsetOf(other));
        Assert.Equal(hashed.IsProperSupersetOf(other), single.IsProperSupersetOf(other));
        Assert.Equal(hashed.IsSubsetOf(other), single.IsSubsetOf(other));
        Assert.Equal(hashed.IsSupersetOf(other), single.IsSupersetOf(other));
        Assert.Equal(hashed.Overlaps(other), single.Overlaps(other));
        Assert.Equal(hashed.SetEquals(other), single.SetEquals(other));
    }

    [Fact]
    public void HoldsItsRoomOnly()
    {
        var single = new SingleRoomSet("room");

        Assert.Single(single);
        Assert.Equal(["room"], single.ToArray());
        Assert.Contains("room", single);
        Assert.DoesNotContain("ROOM", single);
        Assert.DoesNotContain("other", single);
    }
}
