using System.Text.Json;
using SocketIo.Internal;
using SocketIo.Protocol;

namespace SocketIo;

/// <summary>
/// The arguments of an event or acknowledgement as the client sent them: JSON values, with binary attachments
/// wherever the client passed a Buffer, ArrayBuffer or Blob.
/// </summary>
public abstract class SocketIoArguments
{
    private readonly JsonElement _array;
    private readonly int _offset;
    private readonly IReadOnlyList<ReadOnlyMemory<byte>> _attachments;
    private readonly JsonSerializerOptions _options;

    private protected SocketIoArguments(JsonElement array, int offset, IReadOnlyList<ReadOnlyMemory<byte>> attachments, JsonSerializerOptions options)
    {
        _array = array;
        _offset = offset;
        _attachments = attachments;
        _options = options;
    }

    /// <summary>The JSON array the arguments are read from.</summary>
    internal JsonElement Arguments => _array;

    /// <summary>How many arguments there are.</summary>
    public int Count => _array.GetArrayLength() - _offset;

    /// <summary>The binary attachments, in the order the placeholders number them.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Attachments => _attachments;

    /// <summary>The raw JSON of an argument; a binary argument is a <c>{"_placeholder":true,"num":N}</c> object.</summary>
    public JsonElement this[int index] => _array[CheckIndex(index)];

    /// <summary>True if the argument is binary data.</summary>
    public bool IsBinary(int index) => BinaryAttachments.TryGetPlaceholder(this[index], out var num) && num < _attachments.Count;

    /// <summary>The bytes of a binary argument.</summary>
    /// <exception cref="InvalidOperationException">The argument is not binary.</exception>
    public ReadOnlyMemory<byte> GetBinary(int index) =>
        BinaryAttachments.TryGetPlaceholder(this[index], out var num) && num < _attachments.Count
            ? _attachments[num]
            : throw new InvalidOperationException($"Argument {index} is not binary data.");

    /// <summary>
    /// Deserializes an argument with the server's JSON options. Binary values anywhere inside it deserialize into
    /// <c>byte[]</c> members.
    /// </summary>
    /// <remarks>
    /// An argument that does not fit is the client's fault, not the handler's: when the exception leaves the handler,
    /// the server logs the dropped event in one line at Debug level (no stack), keeps the connection and sends no
    /// acknowledgement, since it cannot know what the application answers with. A handler that must answer such a
    /// client reads its arguments with <see cref="TryGet{T}"/>.
    /// </remarks>
    /// <exception cref="JsonException">The argument does not fit <typeparamref name="T"/>.</exception>
    public T? Get<T>(int index)
    {
        var element = this[index];
        try
        {
            return Deserialize<T>(element);
        }
        catch (JsonException ex)
        {
            throw new ArgumentBindingException(index, typeof(T), ex);
        }
    }

    /// <summary>
    /// Deserializes an argument as <see cref="Get{T}"/> does, without throwing for what the client sent: false if
    /// there is no such argument or it does not fit <typeparamref name="T"/> (a wrong type, a string that is not valid
    /// text, such as a lone surrogate escape).
    /// </summary>
    public bool TryGet<T>(int index, out T? value)
    {
        if (index < 0 || index >= Count)
        {
            value = default;
            return false;
        }

        try
        {
            value = Deserialize<T>(_array[index + _offset]);
            return true;
        }
        catch (JsonException)
        {
            value = default;
            return false;
        }
    }

    private T? Deserialize<T>(JsonElement element)
    {
        var typeInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)_options.GetTypeInfo(typeof(T));
        if (_attachments.Count == 0)
        {
            return element.Deserialize(typeInfo);
        }

        var previous = BinaryAttachments.BeginResolve(_attachments);
        try
        {
            return element.Deserialize(typeInfo);
        }
        finally
        {
            BinaryAttachments.EndResolve(previous);
        }
    }

    private int CheckIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return index + _offset;
    }
}
