namespace SocketIo.Protocol;

/// <summary>What an attachment did to its packet.</summary>
internal enum AttachmentResult
{
    /// <summary>More attachments are announced.</summary>
    Pending,

    /// <summary>That was the last one.</summary>
    Complete,

    /// <summary>The attachments exceed the byte bound: a parse error.</summary>
    TooLarge,
}
