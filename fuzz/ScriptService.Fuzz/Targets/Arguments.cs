using System.Text.Json;
using SocketIo;

namespace ScriptService.Fuzz;

/// <summary>
/// Reads every argument every way a handler may, with the documented failures only: <see cref="JsonException"/> from
/// Get for a value that does not fit the type, <see cref="InvalidOperationException"/> from GetBinary for one that is
/// not binary.
/// </summary>
internal static class Arguments
{
    public static void Read(SocketIoArguments args, bool skipFirst)
    {
        var count = args.Count;
        for (var i = skipFirst ? 1 : 0; i < count; i++)
        {
            var isBinary = args.IsBinary(i);
            try
            {
                var bytes = args.GetBinary(i);
                InvariantException.Check(isBinary, "GetBinary gave bytes for an argument that is not binary");
                InvariantException.Check(args.Get<byte[]>(i)!.AsSpan().SequenceEqual(bytes.Span), "Get<byte[]> and GetBinary disagree");
            }
            catch (InvalidOperationException) when (!isBinary)
            {
            }

            Get<JsonElement>(args, i);
            Get<string>(args, i);
            Get<long>(args, i);
            Get<byte[]>(args, i);
            Get<Upload>(args, i);
            Get<Dictionary<string, object?>>(args, i);
            Get<List<object?>>(args, i);
        }
    }

    private static void Get<T>(SocketIoArguments args, int index)
    {
        try
        {
            args.Get<T>(index);
        }
        catch (JsonException)
        {
        }
    }
}
