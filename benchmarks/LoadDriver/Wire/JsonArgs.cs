using System.Text.Json;

namespace LoadDriver.Wire;

/// <summary>
/// Reads one property out of a Socket.IO argument array (<c>["name",{...}]</c> or an ack's <c>[{...}]</c>) with a
/// forward-only reader: no DOM, nothing allocated unless a string is asked for.
/// </summary>
internal static class JsonArgs
{
    /// <summary>Positions <paramref name="value"/> on the value of <paramref name="property"/> in the object at
    /// <paramref name="elementIndex"/> of the array.</summary>
    public static bool TryFind(ReadOnlySpan<byte> array, int elementIndex, ReadOnlySpan<byte> property, out Utf8JsonReader value)
    {
        value = new Utf8JsonReader(array);
        try
        {
            if (!value.Read() || value.TokenType != JsonTokenType.StartArray)
            {
                return false;
            }

            for (var i = 0; i < elementIndex; i++)
            {
                if (!value.Read() || value.TokenType == JsonTokenType.EndArray)
                {
                    return false;
                }

                value.Skip();
            }

            if (!value.Read() || value.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (value.Read() && value.TokenType == JsonTokenType.PropertyName)
            {
                var match = value.ValueTextEquals(property);
                if (!value.Read())
                {
                    return false;
                }

                if (match)
                {
                    return true;
                }

                value.Skip();
            }
        }
        catch (JsonException)
        {
        }

        return false;
    }

    /// <summary>
    /// Where the array's last element lies when it is a string: its raw bytes between the quotes (still escaped as
    /// on the wire, so they can be written back into JSON as they are). socket.io-client keeps that element of every
    /// event as the offset to recover from.
    /// </summary>
    public static bool TryGetLastString(ReadOnlySpan<byte> array, out int start, out int length)
    {
        start = 0;
        length = 0;
        var reader = new Utf8JsonReader(array);
        var last = false;
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                last = reader.TokenType == JsonTokenType.String;
                if (last)
                {
                    start = (int)reader.TokenStartIndex + 1;
                    length = reader.ValueSpan.Length;
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return last;
    }

    /// <summary>The string properties <c>sid</c> and <c>pid</c> of a CONNECT answer's object, as raw bytes.</summary>
    public static (byte[]? Sid, byte[]? Pid) ReadSession(ReadOnlySpan<byte> json)
    {
        byte[]? sid = null;
        byte[]? pid = null;
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return (null, null);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isSid = reader.ValueTextEquals("sid"u8);
                var isPid = reader.ValueTextEquals("pid"u8);
                if (!reader.Read())
                {
                    break;
                }

                if (reader.TokenType == JsonTokenType.String && (isSid || isPid))
                {
                    var raw = reader.ValueSpan.ToArray();
                    if (isSid)
                    {
                        sid = raw;
                    }
                    else
                    {
                        pid = raw;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
        }
        catch (JsonException)
        {
        }

        return (sid, pid);
    }

    public static bool TryGetInt32(ReadOnlySpan<byte> array, int elementIndex, ReadOnlySpan<byte> property, out int result)
    {
        result = 0;
        return TryFind(array, elementIndex, property, out var value)
            && value.TokenType == JsonTokenType.Number
            && value.TryGetInt32(out result);
    }

    public static string? GetString(ReadOnlySpan<byte> array, int elementIndex, ReadOnlySpan<byte> property) =>
        TryFind(array, elementIndex, property, out var value) && value.TokenType == JsonTokenType.String
            ? value.GetString()
            : null;

    public static bool StringEquals(ReadOnlySpan<byte> array, int elementIndex, ReadOnlySpan<byte> property, ReadOnlySpan<byte> expected) =>
        TryFind(array, elementIndex, property, out var value)
        && value.TokenType == JsonTokenType.String
        && value.ValueTextEquals(expected);
}
