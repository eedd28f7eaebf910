namespace ScriptService.Generation.Offline;

/// <summary>The audiences the phrasebooks have wording for; anything else is written for <see cref="General"/>.</summary>
internal enum AudienceKind
{
    General,
    Students,
    Children,
    Professionals,
    Beginners,
    Parents,
    Teachers,
}
