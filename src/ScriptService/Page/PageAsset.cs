using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace ScriptService.Page;

/// <summary>
/// One file of the page, embedded in the assembly (<c>Page/Assets</c>), so that the single binary serves it with no
/// folder beside it. The bytes are read once; the entity tag is a hash of them, so a new build's file is a new tag.
/// </summary>
internal sealed class PageAsset
{
    private PageAsset(string contentType, byte[] content)
    {
        ContentType = contentType;
        Content = content;
        EntityTag = new EntityTagHeaderValue('"' + Base64Url.EncodeToString(SHA256.HashData(content).AsSpan(0, 16)) + '"');
    }

    public string ContentType { get; }

    public ReadOnlyMemory<byte> Content { get; }

    public EntityTagHeaderValue EntityTag { get; }

    public static PageAsset Load(string fileName, string contentType)
    {
        var resource = "ScriptService.Page." + fileName;
        using var stream = typeof(PageAsset).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The page asset {resource} is not embedded.");
        var content = new byte[stream.Length];
        stream.ReadExactly(content);
        return new PageAsset(contentType, content);
    }
}
