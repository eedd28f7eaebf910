namespace ScriptService.Generation;

/// <summary>How long a script should be; each length has its own word range.</summary>
public enum ScriptLength
{
    Short,
    Medium,
    Long,
}
