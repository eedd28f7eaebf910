namespace ScriptService.Generation;

/// <summary>A generation failure whose message is safe to show to the client (no internals, no secrets).</summary>
public sealed class ScriptGenerationException : Exception
{
    public ScriptGenerationException(string message)
        : base(message)
    {
    }

    public ScriptGenerationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ScriptGenerationException()
    {
    }
}
