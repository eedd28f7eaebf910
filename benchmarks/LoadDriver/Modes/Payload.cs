namespace LoadDriver.Modes;

/// <summary>Payload strings that need no JSON escaping, so their encoded size is their length.</summary>
internal static class Payload
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string Make(int length) => string.Create(length, 0, static (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = Alphabet[i % Alphabet.Length];
        }
    });
}
