using System.Text.Json;

namespace TestUtilities;

/// <summary>The open packet <c>0{...}</c>, parsed strictly: the keys and their order are part of what is checked.</summary>
public sealed record OpenPacket(string Sid, string[] Upgrades, long PingInterval, long PingTimeout, long MaxPayload, string[] Keys)
{
    public static OpenPacket Parse(string packet)
    {
        Assert.True(packet.Length > 1 && packet[0] == '0', $"Expected an open packet, got \"{packet}\".");
        using var json = JsonDocument.Parse(packet.AsMemory(1));
        var root = json.RootElement;
        return new OpenPacket(
            root.GetProperty("sid").GetString()!,
            [.. root.GetProperty("upgrades").EnumerateArray().Select(static upgrade => upgrade.GetString()!)],
            root.GetProperty("pingInterval").GetInt64(),
            root.GetProperty("pingTimeout").GetInt64(),
            root.GetProperty("maxPayload").GetInt64(),
            [.. root.EnumerateObject().Select(static property => property.Name)]);
    }
}
