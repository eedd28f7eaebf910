using System.Collections.Frozen;

namespace ScriptService.Fuzz;

/// <summary>The fuzz targets by name: one per parser entry point that bytes from a client reach.</summary>
internal static class Targets
{
    /// <summary>Inputs are cut here: every parser under test bounds its input well below this, and AFL keeps them small.</summary>
    private const int MaxInput = 1 << 20;

    public static readonly FrozenDictionary<string, Action<byte[]>> All = new Dictionary<string, Action<byte[]>>(StringComparer.Ordinal)
    {
        ["engine-packet"] = EnginePacketTarget.Run,
        ["polling-payload"] = PollingPayloadTarget.Run,
        ["websocket-frames"] = WebSocketFramesTarget.Run,
        ["upgrade-head"] = UpgradeHeadTarget.Run,
        ["socketio-packet"] = SocketIoPacketTarget.Run,
        ["msgpack-packet"] = MsgpackPacketTarget.Run,
        ["json-args"] = JsonArgumentsTarget.Run,
        ["post-body"] = PostBodyTarget.Run,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static byte[] ReadInput(Stream stream)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while (copy.Length < MaxInput && (read = stream.Read(buffer)) > 0)
        {
            copy.Write(buffer, 0, read);
        }

        return copy.ToArray();
    }
}

/// <summary>A property of a parser that the input broke: AFL counts it as a crash, as it does any escaping exception.</summary>
internal sealed class InvariantException(string message) : Exception(message)
{
    public static void Check(bool condition, string message)
    {
        if (!condition)
        {
            throw new InvariantException(message);
        }
    }
}
