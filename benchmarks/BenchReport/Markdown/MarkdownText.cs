using System.Text.Json;

namespace BenchReport.Markdown;

/// <summary>Small markdown helpers.</summary>
internal static class MarkdownText
{
    /// <summary>A value for a table cell: pipes escaped, line breaks flattened.</summary>
    public static string Cell(string value) => value.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");

    /// <summary>A JSON value from meta.json or a result as plain text: strings unquoted, anything else as written.</summary>
    public static string Json(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    /// <summary>A link target relative to the document, with forward slashes.</summary>
    public static string RelativeLink(string documentPath, string targetPath)
    {
        var from = Path.GetDirectoryName(Path.GetFullPath(documentPath))!;
        return Path.GetRelativePath(from, Path.GetFullPath(targetPath)).Replace('\\', '/');
    }
}
