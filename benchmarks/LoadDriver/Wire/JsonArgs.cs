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
