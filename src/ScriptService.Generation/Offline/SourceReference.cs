namespace ScriptService.Generation.Offline;

/// <summary>A client source, numbered and shaped for citing.</summary>
/// <param name="Number">Its number in the reference list, from 1.</param>
/// <param name="Kind">How it is cited.</param>
/// <param name="Excerpt">What the body quotes (a passage's first sentence) or names (a title); the link itself for links.</param>
/// <param name="ListEntry">Its line in the reference list, without the number.</param>
internal sealed record SourceReference(int Number, SourceKind Kind, string Excerpt, string ListEntry);
