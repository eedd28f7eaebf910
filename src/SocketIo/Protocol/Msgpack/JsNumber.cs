using System.Globalization;
using System.Text.Json;

namespace SocketIo.Protocol.Msgpack;

/// <summary>
/// Writes a number as JavaScript's <c>JSON.stringify</c> does (ECMAScript Number::toString: the shortest digits that
/// round-trip, plain up to 21 integer digits, <c>1e+21</c> and <c>1e-7</c> beyond), so that a value another server
/// sent in MessagePack reaches clients as the same text a Node server would write.
/// </summary>
internal static class JsNumber
{
    /// <summary>Integers this small are exact in a double and print as themselves.</summary>
    private const double MaxSafeInteger = 9007199254740991;

    public static void Write(Utf8JsonWriter writer, double value)
    {
        if (!double.IsFinite(value))
        {
            // JSON.stringify(NaN) and JSON.stringify(Infinity) are null.
            writer.WriteNullValue();
            return;
        }

        if (Math.Abs(value) <= MaxSafeInteger && Math.Floor(value) == value)
        {
            // -0 prints as 0 in JavaScript.
            writer.WriteNumberValue((long)value);
            return;
        }

        writer.WriteRawValue(Format(value), skipInputValidation: true);
    }

    /// <summary>Number::toString(value) for a finite value.</summary>
    internal static string Format(double value)
    {
        if (value == 0)
        {
            return "0";
        }

        // .NET's round-trip format gives the same shortest digits; only the layout differs.
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = text.IndexOf('E', StringComparison.Ordinal);
        var mantissa = exponentAt < 0 ? text : text[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(text.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        // n: where the decimal point falls relative to the digits (the value is 0.digits × 10^n).
        var n = (dot < 0 ? mantissa.Length : dot) + exponent;
        var leadingZeros = 0;
        while (leadingZeros < digits.Length - 1 && digits[leadingZeros] == '0')
        {
            leadingZeros++;
        }

        digits = digits[leadingZeros..].TrimEnd('0');
        n -= leadingZeros;
        if (digits.Length == 0)
        {
            return "0";
        }

        var k = digits.Length;
        var sign = value < 0 ? "-" : "";
        if (k <= n && n <= 21)
        {
            return sign + digits + new string('0', n - k);
        }

        if (0 < n && n <= 21)
        {
            return sign + digits[..n] + "." + digits[n..];
        }

        if (-6 < n && n <= 0)
        {
            return sign + "0." + new string('0', -n) + digits;
        }

        var e = n - 1;
        var exponentText = (e < 0 ? "-" : "+") + Math.Abs(e).ToString(CultureInfo.InvariantCulture);
        return k == 1 ? sign + digits + "e" + exponentText : sign + digits[0] + "." + digits[1..] + "e" + exponentText;
    }
}
