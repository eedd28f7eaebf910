using System.Collections.Concurrent;

namespace EngineIo.Internal;

/// <summary>
/// One shared copy of the strings that every handshake of a kind of client repeats — its URL, host, origin, user
/// agent, languages — so that ten thousand sessions from browsers keep one user agent, not ten thousand.
/// </summary>
/// <remarks>
/// Bounded: once it holds its maximum of strings it stops adding and hands back what it is given, so clients that
/// send unique values cost only what they would without it.
/// </remarks>
internal sealed class HandshakeStrings(int maxEntries)
{
    private const int MaxLength = 1024;

    private readonly ConcurrentDictionary<string, string> _strings = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>The strings of every Engine.IO endpoint in the process.</summary>
    public static HandshakeStrings Shared { get; } = new(4096);

    public string Share(string value)
    {
        if (value.Length > MaxLength)
        {
            return value;
        }

        if (_strings.TryGetValue(value, out var shared))
        {
            return shared;
        }

        if (Volatile.Read(ref _count) >= maxEntries || !_strings.TryAdd(value, value))
        {
            return _strings.TryGetValue(value, out shared) ? shared : value;
        }

        Interlocked.Increment(ref _count);
        return value;
    }
}
