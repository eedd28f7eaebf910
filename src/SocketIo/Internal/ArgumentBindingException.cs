using System.Text.Json;

namespace SocketIo.Internal;

/// <summary>
/// A client's argument did not fit the type a handler asked for. A <see cref="JsonException"/>, as
/// <see cref="SocketIoArguments.Get{T}"/> documents, of its own type so that the dispatcher can tell the client's fault
/// (logged in one line, without a stack) from the application's.
/// </summary>
internal sealed class ArgumentBindingException : JsonException
{
    public ArgumentBindingException(int index, Type type, JsonException inner)
        : base($"argument {index} does not fit {type.Name}: {inner.Message}", inner)
    {
    }
}
