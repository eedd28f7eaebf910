using SocketIo.Internal;

namespace SocketIo.Tests.Rooms;

/// <summary>The rooms a broadcast operator collects: one is kept as its name, several as a set, each once.</summary>
public sealed class RoomSelectionTests
{
    [Fact]
    public void ToSet_NoRoom_IsEmpty()
    {
        Assert.Empty(default(RoomSelection).ToSet());
    }

    [Fact]
    public void ToSet_OneRoom_IsThatRoom()
    {
        var set = default(RoomSelection).Add("a").ToSet();
        Assert.IsType<SingleRoomSet>(set);
        Assert.Equal(["a"], set);
        Assert.True(set.Contains("a"));
        Assert.False(set.Contains("A"));
    }

    [Fact]
    public void ToSet_SameRoomTwice_IsOneRoom()
    {
        Assert.Equal(["a"], default(RoomSelection).Add("a").Add("a").ToSet());
    }

    [Fact]
    public void ToSet_SeveralRooms_HoldsEachOnceComparedOrdinally()
    {
        var set = default(RoomSelection).Add("a").Add("b").Add("A").Add("b").ToSet();
        Assert.Equal(3, set.Count);
        Assert.True(set.SetEquals(["a", "b", "A"]));
    }

    [Fact]
    public void Add_KeepsTheSelectionItWasMadeFrom()
    {
        var one = default(RoomSelection).Add("a");
        _ = one.Add("b");
        Assert.Equal(["a"], one.ToSet());
    }

    [Fact]
    public void Add_Null_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => default(RoomSelection).Add(null!));
    }
}
