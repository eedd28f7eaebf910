namespace ScriptService.Generation;

/// <summary>How long a script should be; each length has its own word range.</summary>
internal enum ScriptLength
{
    Short,
    Medium,
    Long,
}
