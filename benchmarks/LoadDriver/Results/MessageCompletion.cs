namespace LoadDriver.Results;

internal sealed class MessageCompletion
{
    public int Seq { get; set; }

    /// <summary>Last arrival − t0; null when no connection received the message.</summary>
    public double? CompletionMs { get; set; }
}
