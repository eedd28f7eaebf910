using System.Buffers;
using System.Collections;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace EngineIo.Internal;

/// <summary>
/// The headers a session keeps of the request that opened it: one exact-size array of name/value pairs, searched
/// linearly ignoring case, in the order and with the names' spelling of the request's own header collection.
/// </summary>
/// <remarks>
/// <para>
/// Every idle session holds one, so it is as small as a header collection can be: the object and its array, 16 bytes
/// a header, where a <see cref="HeaderDictionary"/> costs a wrapper, a dictionary and its buckets and entries sized to
/// the next prime. A handshake carries some 5 to 15 headers, which a linear search reads faster than a hash lookup
/// and without allocating. Names, and the values that every client of a kind repeats, come from
/// <see cref="HandshakeStrings"/>.
/// </para>
/// <para>
/// Reads behave as they do on a <see cref="HeaderDictionary"/> (a missing name reads as
/// <see cref="StringValues.Empty"/>, the <see cref="IDictionary{TKey, TValue}"/> indexer throws
/// <see cref="KeyNotFoundException"/>). It never changes once built, so any number of threads may read it; every
/// mutation throws <see cref="InvalidOperationException"/>, as a read-only <see cref="HeaderDictionary"/> does.
/// </para>
/// </remarks>
[DebuggerDisplay("Count = {Count}")]
internal sealed class HandshakeHeaders : IHeaderDictionary
{
    private const string ReadOnlyMessage = "The handshake's headers are read-only.";

    private static readonly IEnumerator<KeyValuePair<string, StringValues>> _emptyEnumerator = default(Enumerator);

    private readonly KeyValuePair<string, StringValues>[] _headers;

    private HandshakeHeaders(KeyValuePair<string, StringValues>[] headers) => _headers = headers;

    /// <summary>The collection of headers that <see cref="CopyPairs"/> kept.</summary>
    public static HandshakeHeaders Wrap(KeyValuePair<string, StringValues>[] pairs) => pairs.Length == 0 ? Empty : new(pairs);

    /// <summary>No headers: shared, since nothing can change it.</summary>
    public static HandshakeHeaders Empty { get; } = new([]);

    /// <summary>
    /// Keeps what the session needs of <paramref name="request"/>: every header but <c>Sec-WebSocket-Key</c>, as the
    /// reference keeps every one (<c>socket.handshake.headers</c> is Node's <c>req.headers</c>).
    /// </summary>
    public static HandshakeHeaders Copy(IHeaderDictionary request) => Wrap(CopyPairs(request));

    /// <summary>
    /// The headers <see cref="Copy"/> keeps, as the array it wraps: a handshake keeps them so until they are read,
    /// which most applications never do, and wraps them then (<see cref="Wrap"/>).
    /// </summary>
    public static KeyValuePair<string, StringValues>[] CopyPairs(IHeaderDictionary request)
    {
        if (request.Count == 0)
        {
            return [];
        }

        // Kept headers gather in a pooled buffer, so that the session's array is allocated once, at its final size.
        var pool = ArrayPool<KeyValuePair<string, StringValues>>.Shared;
        var buffer = pool.Rent(request.Count);
        var count = 0;
        try
        {
            foreach (var (name, values) in request)
            {
                // A HeaderDictionary drops a name set to no value; so does this.
                if (values.Count == 0 || !ShouldKeep(name))
                {
                    continue;
                }

                var kept = ShouldShare(name) ? Share(values) : values;

                // Only a case-sensitive source can list one name twice: keep the values of both, as a repeated line's are.
                var index = IndexOf(buffer.AsSpan(0, count), name);
                if (index >= 0)
                {
                    buffer[index] = new(buffer[index].Key, StringValues.Concat(buffer[index].Value, kept));
                    continue;
                }

                if (count == buffer.Length)
                {
                    Grow(pool, ref buffer);
                }

                buffer[count++] = new(HandshakeStrings.Shared.Share(name), kept);
            }

            return count == 0 ? [] : buffer.AsSpan(0, count).ToArray();
        }
        finally
        {
            buffer.AsSpan(0, count).Clear();
            pool.Return(buffer);
        }
    }

    /// <summary>The value of the header named <paramref name="key"/> (any case), or <see cref="StringValues.Empty"/>.</summary>
    /// <exception cref="InvalidOperationException">On set: the headers are read-only.</exception>
    public StringValues this[string key]
    {
        get => TryGetValue(key, out var value) ? value : StringValues.Empty;
        set => ThrowReadOnly();
    }

    StringValues IDictionary<string, StringValues>.this[string key]
    {
        get => TryGetValue(key, out var value) ? value : ThrowKeyNotFound(key);
        set => ThrowReadOnly();
    }

    /// <summary>The <c>Content-Length</c> header as a number, if it is one non-negative integer.</summary>
    /// <exception cref="InvalidOperationException">On set: the headers are read-only.</exception>
    public long? ContentLength
    {
        get
        {
            var values = this[HeaderNames.ContentLength];
            return values.Count == 1 && !string.IsNullOrEmpty(values[0])
                && HeaderUtilities.TryParseNonNegativeInt64(new StringSegment(values[0]).Trim(), out var length)
                ? length
                : null;
        }
        set => ThrowReadOnly();
    }

    public int Count => _headers.Length;

    /// <summary>Always true: the headers are those of a request that has completed.</summary>
    public bool IsReadOnly => true;

    /// <summary>The header names, as the request spelled them; <c>Contains</c> ignores case, as a dictionary's keys do.</summary>
    public ICollection<string> Keys =>
        new Projection<string>(this, static header => header.Key, static (headers, key) => headers.ContainsKey(key));

    public ICollection<StringValues> Values =>
        new Projection<StringValues>(this, static header => header.Value, static (headers, value) => headers.ContainsValue(value));

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool TryGetValue(string key, out StringValues value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _headers[index].Value : default;
        return index >= 0;
    }

    public bool Contains(KeyValuePair<string, StringValues> item) =>
        TryGetValue(item.Key, out var value) && StringValues.Equals(value, item.Value);

    public void CopyTo(KeyValuePair<string, StringValues>[] array, int arrayIndex) => _headers.CopyTo(array, arrayIndex);

    public Enumerator GetEnumerator() => new(_headers);

    IEnumerator<KeyValuePair<string, StringValues>> IEnumerable<KeyValuePair<string, StringValues>>.GetEnumerator() =>
        _headers.Length == 0 ? _emptyEnumerator : GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _headers.Length == 0 ? _emptyEnumerator : GetEnumerator();

    /// <exception cref="InvalidOperationException">Always: the headers are read-only.</exception>
    public void Add(string key, StringValues value) => ThrowReadOnly();

    /// <exception cref="InvalidOperationException">Always: the headers are read-only.</exception>
    public void Add(KeyValuePair<string, StringValues> item) => ThrowReadOnly();

    /// <exception cref="InvalidOperationException">Always: the headers are read-only.</exception>
    public bool Remove(string key) => ThrowReadOnly<bool>();

    /// <exception cref="InvalidOperationException">Always: the headers are read-only.</exception>
    public bool Remove(KeyValuePair<string, StringValues> item) => ThrowReadOnly<bool>();

    /// <exception cref="InvalidOperationException">Always: the headers are read-only.</exception>
    public void Clear() => ThrowReadOnly();

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return IndexOf(_headers, key);
    }

    private static int IndexOf(ReadOnlySpan<KeyValuePair<string, StringValues>> headers, string key)
    {
        for (var i = 0; i < headers.Length; i++)
        {
            if (string.Equals(headers[i].Key, key, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The WebSocket key is the one header unique to every connection and of no use once it is open.</summary>
    private static bool ShouldKeep(string name) => !string.Equals(name, HeaderNames.SecWebSocketKey, StringComparison.OrdinalIgnoreCase);

    /// <summary>Credentials are per user: sharing them would only fill the shared strings with one-offs.</summary>
    private static bool ShouldShare(string name) =>
        !string.Equals(name, HeaderNames.Cookie, StringComparison.OrdinalIgnoreCase)
        && !string.Equals(name, HeaderNames.Authorization, StringComparison.OrdinalIgnoreCase);

    private static StringValues Share(StringValues values) =>
        values.Count == 1 ? new StringValues(HandshakeStrings.Shared.Share(values[0]!)) : values;

    /// <summary>Only for a source whose enumeration outnumbers its <see cref="ICollection{T}.Count"/>.</summary>
    private static void Grow(ArrayPool<KeyValuePair<string, StringValues>> pool, ref KeyValuePair<string, StringValues>[] buffer)
    {
        var larger = pool.Rent(buffer.Length * 2);
        buffer.CopyTo(larger, 0);
        buffer.AsSpan().Clear();
        pool.Return(buffer);
        buffer = larger;
    }

    private bool ContainsValue(StringValues value)
    {
        foreach (var header in _headers)
        {
            if (StringValues.Equals(header.Value, value))
            {
                return true;
            }
        }

        return false;
    }

    [DoesNotReturn]
    private static void ThrowReadOnly() => throw new InvalidOperationException(ReadOnlyMessage);

    [DoesNotReturn]
    private static T ThrowReadOnly<T>() => throw new InvalidOperationException(ReadOnlyMessage);

    [DoesNotReturn]
    private static StringValues ThrowKeyNotFound(string key) => throw new KeyNotFoundException($"The handshake has no '{key}' header.");

    /// <summary>Walks the headers in the order the request listed them, without allocating.</summary>
    public struct Enumerator : IEnumerator<KeyValuePair<string, StringValues>>
    {
        private readonly KeyValuePair<string, StringValues>[]? _headers;
        private int _index;

        internal Enumerator(KeyValuePair<string, StringValues>[] headers)
        {
            _headers = headers;
            _index = -1;
        }

        public readonly KeyValuePair<string, StringValues> Current =>
            _headers is not null && (uint)_index < (uint)_headers.Length ? _headers[_index] : default;

        readonly object IEnumerator.Current => Current;

        public bool MoveNext() => _headers is not null && ++_index < _headers.Length;

        public void Reset() => _index = -1;

        public readonly void Dispose()
        {
        }
    }

    /// <summary>
    /// A read-only view of one side of the headers, in their order: allocated on request, so sessions that never ask
    /// pay nothing. Names are found as the dictionary finds them (ignoring case), values by equality.
    /// </summary>
    private sealed class Projection<T>(
        HandshakeHeaders owner,
        Func<KeyValuePair<string, StringValues>, T> select,
        Func<HandshakeHeaders, T, bool> contains) : ICollection<T>
    {
        public int Count => owner._headers.Length;

        public bool IsReadOnly => true;

        public bool Contains(T item) => contains(owner, item);

        public void CopyTo(T[] array, int arrayIndex)
        {
            ArgumentNullException.ThrowIfNull(array);
            ArgumentOutOfRangeException.ThrowIfNegative(arrayIndex);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(Count, array.Length - arrayIndex, nameof(arrayIndex));
            foreach (var header in owner._headers)
            {
                array[arrayIndex++] = select(header);
            }
        }

        public IEnumerator<T> GetEnumerator()
        {
            foreach (var header in owner._headers)
            {
                yield return select(header);
            }
        }

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public void Add(T item) => ThrowReadOnly();

        public bool Remove(T item) => ThrowReadOnly<bool>();

        public void Clear() => ThrowReadOnly();
    }
}
