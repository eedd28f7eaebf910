namespace ScriptService.Generation.Offline;

/// <summary>What a client source looks like, which decides how the body cites it.</summary>
internal enum SourceKind
{
    /// <summary>A passage of text: the body quotes its first sentence.</summary>
    Passage,

    /// <summary>A short reference such as a book or article title: the body names it.</summary>
    Title,

    /// <summary>A bare link: the body cites it by number (reading a URL aloud helps nobody).</summary>
    Link,
}
