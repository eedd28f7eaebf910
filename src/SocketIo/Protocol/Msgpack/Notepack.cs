using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using MessagePack;

namespace SocketIo.Protocol.Msgpack;

/// <summary>
/// Converts between the JSON of Socket.IO packets and the MessagePack that Node writes with notepack.io (its Redis
/// adapter, and <c>socket.io-msgpack-parser</c> on the wire): binary values are MessagePack <c>bin</c> there and
/// attachments (with <c>{"_placeholder":true,"num":N}</c>) in a JSON packet; dates are timestamps (extension -1) or
/// notepack's legacy dates there and ISO strings in JSON, as <c>JSON.stringify</c> writes them;
/// notepack's legacy <c>undefined</c> (fixext 1, type 0) is <c>null</c> in an array and no property in an object.
/// </summary>
/// <remarks>
/// notepack writes integers in the smallest format (positive ones unsigned), other numbers as float 64, strings as
/// fixstr/str 8/16/32 and arrays and maps in their smallest header: MessagePack-CSharp's writer chooses the same
/// formats, which the golden tests pin byte for byte.
/// </remarks>
internal static class Notepack
{
    /// <summary>Deeper values are refused: they come from another process, and recursion must stay bounded.</summary>
    public const int MaxDepth = 64;

    private const sbyte TimestampExtension = -1;
    private const sbyte LegacyExtension = 0;

    // ---- JSON → MessagePack ----

    /// <summary>Writes a JSON value, placeholders replaced by their attachment as <c>bin</c>.</summary>
    public static void WriteJson(ref MessagePackWriter writer, JsonElement element, IReadOnlyList<ReadOnlyMemory<byte>> attachments, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException("The value is nested too deeply.");
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Null:
            case JsonValueKind.Undefined:
                writer.WriteNil();
                break;
            case JsonValueKind.True:
                writer.Write(true);
                break;
            case JsonValueKind.False:
                writer.Write(false);
                break;
            case JsonValueKind.String:
                WriteString(ref writer, element);
                break;
            case JsonValueKind.Number:
                WriteNumber(ref writer, element);
                break;
            case JsonValueKind.Array:
                writer.WriteArrayHeader(element.GetArrayLength());
                foreach (var item in element.EnumerateArray())
                {
                    WriteJson(ref writer, item, attachments, depth + 1);
                }

                break;
            case JsonValueKind.Object:
                if (attachments.Count > 0 && TryGetPlaceholder(element, out var num) && num < attachments.Count)
                {
                    writer.Write(attachments[num].Span);
                    break;
                }

                var count = 0;
                foreach (var _ in element.EnumerateObject())
                {
                    count++;
                }

                writer.WriteMapHeader(count);
                foreach (var property in element.EnumerateObject())
                {
                    var name = JsonMarshal.GetRawUtf8PropertyName(property);
                    if (name.IndexOf((byte)'\\') < 0)
                    {
                        writer.WriteString(name);
                    }
                    else
                    {
                        writer.Write(property.Name);
                    }

                    WriteJson(ref writer, property.Value, attachments, depth + 1);
                }

                break;
        }
    }

    /// <summary>
    /// A string's UTF-8 as it stands in the JSON when it holds no escape (the usual case, which then allocates nothing);
    /// otherwise unescaped through a string.
    /// </summary>
    private static void WriteString(ref MessagePackWriter writer, JsonElement element)
    {
        var raw = JsonMarshal.GetRawUtf8Value(element);
        var content = raw[1..^1];
        if (content.IndexOf((byte)'\\') < 0)
        {
            writer.WriteString(content);
        }
        else
        {
            writer.Write(element.GetString());
        }
    }

    /// <summary>As JavaScript holds a JSON number (a double) and notepack writes it: integers as integers, the rest as float 64.</summary>
    private static void WriteNumber(ref MessagePackWriter writer, JsonElement element)
    {
        if (element.TryGetInt64(out var integer))
        {
            writer.Write(integer);
            return;
        }

        var value = element.GetDouble();
        if (double.IsFinite(value) && Math.Floor(value) == value && value >= long.MinValue && value < 9.2233720368547758E18)
        {
            writer.Write((long)value);
        }
        else if (double.IsFinite(value) && Math.Floor(value) == value && value >= 0 && value < 1.8446744073709552E19)
        {
            writer.Write((ulong)value);
        }
        else
        {
            writer.Write(value);
        }
    }

    private static bool TryGetPlaceholder(JsonElement element, out int num)
    {
        num = -1;
        return element.TryGetProperty("_placeholder"u8, out var flag) && flag.ValueKind == JsonValueKind.True
            && element.TryGetProperty("num"u8, out var n) && n.ValueKind == JsonValueKind.Number && n.TryGetInt32(out num) && num >= 0;
    }

    // ---- MessagePack → JSON ----

    /// <summary>
    /// Writes the next MessagePack value as JSON, <c>bin</c> values as placeholders whose bytes are added to
    /// <paramref name="attachments"/> (slices of the message, not copies). Returns false, writing nothing, for
    /// notepack's <c>undefined</c>.
    /// </summary>
    /// <exception cref="InvalidDataException">The value is malformed or nested too deeply.</exception>
    public static bool WriteValueAsJson(ref MessagePackReader reader, Utf8JsonWriter writer, List<ReadOnlyMemory<byte>> attachments, int depth = 0)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException("The value is nested too deeply.");
        }

        try
        {
            switch (reader.NextMessagePackType)
            {
                case MessagePackType.Nil:
                    reader.ReadNil();
                    writer.WriteNullValue();
                    return true;
                case MessagePackType.Boolean:
                    writer.WriteBooleanValue(reader.ReadBoolean());
                    return true;
                case MessagePackType.Integer:
                    if (reader.NextCode == MessagePackCode.UInt64)
                    {
                        var unsigned = reader.ReadUInt64();
                        if (unsigned <= long.MaxValue)
                        {
                            WriteInteger(writer, (long)unsigned);
                        }
                        else
                        {
                            JsNumber.Write(writer, unsigned);
                        }
                    }
                    else
                    {
                        WriteInteger(writer, reader.ReadInt64());
                    }

                    return true;
                case MessagePackType.Float:
                    JsNumber.Write(writer, reader.ReadDouble());
                    return true;
                case MessagePackType.String:
                    WriteString(ref reader, writer);
                    return true;
                case MessagePackType.Binary:
                    WritePlaceholder(writer, reader.ReadBytes()!.Value, attachments);
                    return true;
                case MessagePackType.Array:
                {
                    var length = ReadArrayHeader(ref reader);
                    writer.WriteStartArray();
                    for (var i = 0; i < length; i++)
                    {
                        if (!WriteValueAsJson(ref reader, writer, attachments, depth + 1))
                        {
                            // JSON.stringify writes undefined in an array as null.
                            writer.WriteNullValue();
                        }
                    }

                    writer.WriteEndArray();
                    return true;
                }

                case MessagePackType.Map:
                    WriteMap(ref reader, writer, attachments, depth);
                    return true;
                case MessagePackType.Extension:
                    return WriteExtension(ref reader, writer, attachments);
                default:
                    throw new InvalidDataException("Unknown MessagePack type.");
            }
        }
        catch (MessagePackSerializationException ex)
        {
            throw new InvalidDataException("Malformed MessagePack.", ex);
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException("Truncated MessagePack.", ex);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            // What MessagePack's reader throws when it skips a value whose length runs past the end.
            throw new InvalidDataException("Truncated MessagePack.", ex);
        }
    }

    private static void WriteInteger(Utf8JsonWriter writer, long value)
    {
        // JavaScript holds every number as a double: beyond 2^53 the value it prints is the double's.
        if (value is > 9007199254740991 or < -9007199254740991)
        {
            JsNumber.Write(writer, value);
        }
        else
        {
            writer.WriteNumberValue(value);
        }
    }

    private static void WriteString(ref MessagePackReader reader, Utf8JsonWriter writer)
    {
        if (reader.TryReadStringSpan(out var span))
        {
            JsString.Write(writer, span);
            return;
        }

        var sequence = reader.ReadStringSequence()!.Value;
        JsString.Write(writer, sequence.IsSingleSegment ? sequence.FirstSpan : sequence.ToArray());
    }

    private static void WritePlaceholder(Utf8JsonWriter writer, ReadOnlySequence<byte> bytes, List<ReadOnlyMemory<byte>> attachments)
    {
        writer.WriteStartObject();
        writer.WriteBoolean("_placeholder"u8, true);
        writer.WriteNumber("num"u8, attachments.Count);
        writer.WriteEndObject();
        attachments.Add(bytes.IsSingleSegment ? bytes.First : bytes.ToArray());
    }

    /// <summary>
    /// A map as the JavaScript object notepack makes of it: keys that are array indices come first in ascending order
    /// (that is how JavaScript orders an object's keys), a repeated key keeps its first place and its last value, and
    /// properties whose value is undefined are left out.
    /// </summary>
    private static void WriteMap(ref MessagePackReader reader, Utf8JsonWriter writer, List<ReadOnlyMemory<byte>> attachments, int depth)
    {
        var count = ReadMapHeader(ref reader);
        var start = reader.CreatePeekReader();
        // The header's count is only a claim until the entries are read: it must not size anything by itself.
        var keys = new List<(string Key, uint Index, SequencePosition Value)>(Math.Min(count, 16));
        var reorder = false;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            var key = ReadKey(ref reader);
            var isIndex = TryGetArrayIndex(key, out var index);
            reorder |= isIndex || !seen.Add(key);
            keys.Add((key, isIndex ? index : uint.MaxValue, reader.Position));
            Skip(ref reader, depth + 1);
        }

        if (!reorder)
        {
            // The usual case: write in order from a second reader over the same bytes.
            writer.WriteStartObject();
            for (var i = 0; i < count; i++)
            {
                ReadKey(ref start);
                WriteProperty(ref start, writer, keys[i].Key, attachments, depth);
            }

            writer.WriteEndObject();
            return;
        }

        // Last value wins, at the first key's place.
        var lastValue = new Dictionary<string, SequencePosition>(StringComparer.Ordinal);
        var order = new List<(string Key, uint Index)>();
        foreach (var (key, index, value) in keys)
        {
            if (!lastValue.ContainsKey(key))
            {
                order.Add((key, index));
            }

            lastValue[key] = value;
        }

        var sorted = order.Where(static k => k.Index != uint.MaxValue).OrderBy(static k => k.Index)
            .Concat(order.Where(static k => k.Index == uint.MaxValue));
        writer.WriteStartObject();
        foreach (var (key, _) in sorted)
        {
            var valueReader = start.Clone(start.Sequence.Slice(lastValue[key]));
            WriteProperty(ref valueReader, writer, key, attachments, depth);
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// An array's length. MessagePack's 32-bit lengths are unsigned, and the reader gives those past
    /// <see cref="int.MaxValue"/> as negative numbers, which no message holds that many entries for.
    /// </summary>
    /// <exception cref="InvalidDataException">The length is not one a message can hold.</exception>
    public static int ReadArrayHeader(ref MessagePackReader reader)
    {
        var count = reader.ReadArrayHeader();
        return count >= 0 ? count : throw new InvalidDataException("An array longer than the message.");
    }

    /// <summary>A map's entry count, as <see cref="ReadArrayHeader"/>.</summary>
    /// <exception cref="InvalidDataException">The count is not one a message can hold.</exception>
    public static int ReadMapHeader(ref MessagePackReader reader)
    {
        var count = reader.ReadMapHeader();
        return count >= 0 ? count : throw new InvalidDataException("A map larger than the message.");
    }

    /// <summary>
    /// Skips the next value. <c>MessagePackReader.Skip</c> is not bounded in depth; the values here may come from a
    /// client, whose nesting must not be able to exhaust the stack.
    /// </summary>
    /// <exception cref="InvalidDataException">The value is nested too deeply.</exception>
    public static void Skip(ref MessagePackReader reader, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new InvalidDataException("The value is nested too deeply.");
        }

        switch (reader.NextMessagePackType)
        {
            case MessagePackType.Array:
                for (var count = ReadArrayHeader(ref reader); count > 0; count--)
                {
                    Skip(ref reader, depth + 1);
                }

                break;
            case MessagePackType.Map:
                for (var count = ReadMapHeader(ref reader); count > 0; count--)
                {
                    Skip(ref reader, depth + 1);
                    Skip(ref reader, depth + 1);
                }

                break;
            default:
                reader.Skip();
                break;
        }
    }

    private static void WriteProperty(ref MessagePackReader reader, Utf8JsonWriter writer, string key, List<ReadOnlyMemory<byte>> attachments, int depth)
    {
        if (IsUndefined(ref reader))
        {
            reader.Skip();
            return;
        }

        writer.WritePropertyName(key);
        WriteValueAsJson(ref reader, writer, attachments, depth + 1);
    }

    private static bool IsUndefined(ref MessagePackReader reader)
    {
        if (reader.NextCode != MessagePackCode.FixExt1)
        {
            return false;
        }

        var peek = reader.CreatePeekReader();
        return peek.ReadExtensionFormatHeader().TypeCode == LegacyExtension;
    }

    /// <summary>A map key as JavaScript makes it a property name: strings as they are, anything else through String().</summary>
    private static string ReadKey(ref MessagePackReader reader)
    {
        switch (reader.NextMessagePackType)
        {
            case MessagePackType.String:
                return reader.ReadString()!;
            case MessagePackType.Integer:
                return reader.NextCode == MessagePackCode.UInt64
                    ? JsNumber.Format(reader.ReadUInt64())
                    : JsNumber.Format(reader.ReadInt64());
            case MessagePackType.Float:
                var value = reader.ReadDouble();
                return double.IsNaN(value) ? "NaN" : double.IsInfinity(value) ? (value > 0 ? "Infinity" : "-Infinity") : JsNumber.Format(value);
            case MessagePackType.Boolean:
                return reader.ReadBoolean() ? "true" : "false";
            case MessagePackType.Nil:
                reader.ReadNil();
                return "null";
            default:
                throw new InvalidDataException("A map key that is not a scalar.");
        }
    }

    /// <summary>Whether JavaScript treats the key as an array index (canonical decimal below 2^32 - 1).</summary>
    private static bool TryGetArrayIndex(string key, out uint index)
    {
        index = 0;
        if (key.Length == 0 || key.Length > 10 || (key.Length > 1 && key[0] == '0'))
        {
            return false;
        }

        foreach (var c in key)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return uint.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out index) && index != uint.MaxValue;
    }

    private static bool WriteExtension(ref MessagePackReader reader, Utf8JsonWriter writer, List<ReadOnlyMemory<byte>> attachments)
    {
        var code = reader.NextCode;
        var header = reader.ReadExtensionFormatHeader();
        var data = reader.ReadRaw(header.Length);
        if (header.TypeCode == TimestampExtension)
        {
            writer.WriteStringValue(ToIsoString(ReadTimestampMilliseconds(data)));
            return true;
        }

        if (header.TypeCode == LegacyExtension)
        {
            if (code == MessagePackCode.FixExt1)
            {
                return false;
            }

            if (code == MessagePackCode.FixExt8)
            {
                // notepack's legacy date: milliseconds as a signed 64-bit integer.
                Span<byte> raw = stackalloc byte[8];
                data.CopyTo(raw);
                writer.WriteStringValue(ToIsoString(System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(raw)));
                return true;
            }

            if (code is MessagePackCode.Ext8 or MessagePackCode.Ext16 or MessagePackCode.Ext32)
            {
                // notepack's legacy ArrayBuffer: binary.
                WritePlaceholder(writer, data, attachments);
                return true;
            }
        }

        // Any other extension: notepack decodes it as [type, Buffer].
        writer.WriteStartArray();
        writer.WriteNumberValue(header.TypeCode);
        WritePlaceholder(writer, data, attachments);
        writer.WriteEndArray();
        return true;
    }

    private static double ReadTimestampMilliseconds(ReadOnlySequence<byte> data)
    {
        Span<byte> raw = stackalloc byte[12];
        var length = (int)data.Length;
        if (length is not (4 or 8 or 12))
        {
            throw new InvalidDataException("A timestamp of an unknown length.");
        }

        data.CopyTo(raw);
        switch (length)
        {
            case 4:
                return System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(raw) * 1000d;
            case 8:
            {
                var hi = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(raw);
                var lo = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(raw[4..]);
                var seconds = ((hi & 0x3L) << 32) | lo;
                return (seconds * 1000d) + ((hi >> 2) / 1e6);
            }

            default:
            {
                var nanoseconds = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(raw);
                var seconds = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(raw[4..]);
                return (seconds * 1000d) + (nanoseconds / 1e6);
            }
        }
    }

    /// <summary>What <c>Date.prototype.toJSON</c> gives: milliseconds truncated, as JavaScript's TimeClip does.</summary>
    private static string ToIsoString(double milliseconds)
    {
        if (!(milliseconds >= -62135596800000d && milliseconds < 253402300800000d))
        {
            throw new InvalidDataException("A date outside the years 1 to 9999.");
        }

        var ms = (long)Math.Truncate(milliseconds);
        return DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture);
    }
}
