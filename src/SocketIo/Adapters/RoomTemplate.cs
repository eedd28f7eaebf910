using System.Text;

namespace SocketIo.Adapters;

/// <summary>
/// A kept packet's text with the name of the room it was sent to cut out: the same message sent to many sockets' own
/// rooms, each naming its socket's id (a welcome with the socket's id), is one template for all of them, and the name
/// is filled in again when a restore needs the text.
/// </summary>
internal sealed class RoomTemplate
{
    /// <summary>Names longer than this are not cut out: a room named in a packet that often is a socket's id.</summary>
    private const int MaxRoomBytes = 128;

    private readonly byte[] _text;
    private readonly int _at;

    private RoomTemplate(byte[] text, int at)
    {
        _text = text;
        _at = at;
    }

    /// <summary>
    /// A template of <paramref name="text"/> if it names <paramref name="room"/> exactly once (so that filling it in
    /// gives the text back): <paramref name="last"/> if that is the same template, otherwise a new one.
    /// </summary>
    public static bool TryCreate(ReadOnlySpan<byte> text, string room, RoomTemplate? last, out RoomTemplate template)
    {
        template = null!;
        if (room.Length == 0 || Encoding.UTF8.GetMaxByteCount(room.Length) > MaxRoomBytes)
        {
            return false;
        }

        Span<byte> name = stackalloc byte[MaxRoomBytes];
        name = name[..Encoding.UTF8.GetBytes(room, name)];
        var at = text.IndexOf(name);
        if (at < 0 || text[(at + 1)..].IndexOf(name) >= 0)
        {
            return false;
        }

        var before = text[..at];
        var after = text[(at + name.Length)..];
        if (last is not null && last._at == before.Length && last._text.Length == before.Length + after.Length
            && before.SequenceEqual(last._text.AsSpan(0, at)) && after.SequenceEqual(last._text.AsSpan(at)))
        {
            template = last;
            return true;
        }

        var kept = GC.AllocateUninitializedArray<byte>(before.Length + after.Length);
        before.CopyTo(kept);
        after.CopyTo(kept.AsSpan(at));
        template = new RoomTemplate(kept, at);
        return true;
    }

    /// <summary>The length of the text <see cref="Fill"/> gives.</summary>
    public int TextLength(string room) => _text.Length + Encoding.UTF8.GetByteCount(room);

    /// <summary>The text, with <paramref name="room"/> (the one it was made with) in its place again.</summary>
    public byte[] Fill(string room)
    {
        var length = Encoding.UTF8.GetByteCount(room);
        var text = GC.AllocateUninitializedArray<byte>(_text.Length + length);
        _text.AsSpan(0, _at).CopyTo(text);
        Encoding.UTF8.GetBytes(room, text.AsSpan(_at, length));
        _text.AsSpan(_at).CopyTo(text.AsSpan(_at + length));
        return text;
    }
}
