using System.Buffers;
using System.Text.Json;

namespace EngineIo.Protocol;

/// <summary>Writes the open packet: <c>0{"sid":…,"upgrades":[…],"pingInterval":…,"pingTimeout":…,"maxPayload":…}</c>.</summary>
internal static class HandshakeWriter
{
    private static readonly JsonWriterOptions _writerOptions = new() { SkipValidation = true };

    /// <summary>Returns the open packet's data (the JSON after the type digit).</summary>
    public static byte[] WriteOpenPacketData(string sid, bool offerWebSocketUpgrade, EngineIoOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(160);
        using (var writer = new Utf8JsonWriter(buffer, _writerOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("sid", sid);
            writer.WriteStartArray("upgrades");
            if (offerWebSocketUpgrade)
            {
                writer.WriteStringValue("websocket");
            }

            writer.WriteEndArray();
            writer.WriteNumber("pingInterval", (long)options.PingInterval.TotalMilliseconds);
            writer.WriteNumber("pingTimeout", (long)options.PingTimeout.TotalMilliseconds);
            writer.WriteNumber("maxPayload", options.MaxPayload);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
