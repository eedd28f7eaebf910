using EngineIo.Internal;
using SharedSource;

namespace EngineIo.Tests.Internal;

/// <summary>Session ids that read as a short name: the name, padded on the left with <c>-</c> to an id's 20 characters.</summary>
internal static class TestSessionIds
{
    public static PackedId Named(string name)
    {
        Assert.True(PackedId.TryParse(name.PadLeft(PackedId.TextLength, '-'), out var id), name);
        return id;
    }

    public static string NameOf(EngineIoSession session) => session.Id.TrimStart('-');
}
