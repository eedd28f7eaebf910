using ScriptService.Generation.Offline.Phrasebooks;

namespace ScriptService.Generation.Offline;

/// <summary>The outline: every decision about a script made up front, before any sentence is written.</summary>
/// <param name="Phrasebook">The language to write in.</param>
/// <param name="Length">The requested length.</param>
/// <param name="Profile">The length's word range and sections.</param>
/// <param name="Style">The resolved tone.</param>
/// <param name="Audience">The resolved audience.</param>
/// <param name="Topic">The cleaned topic.</param>
/// <param name="Sources">The numbered sources; empty when none were given.</param>
/// <param name="Values">The template values for the body (topic mention, pronoun, audience wording).</param>
/// <param name="Variants">The request's phrasing choices.</param>
internal sealed record ScriptPlan(
    Phrasebook Phrasebook,
    ScriptLength Length,
    ScriptLengthProfile Profile,
    ScriptStyle Style,
    ResolvedAudience Audience,
    TopicText Topic,
    IReadOnlyList<SourceReference> Sources,
    TemplateValues Values,
    VariantPicker Variants)
{
    /// <summary>The style's wording, looked up once: the composer asks for it in every section.</summary>
    public StylePhrases StylePhrases { get; } = Phrasebook.Styles[Style];

    public AudiencePhrases AudiencePhrases { get; } = Phrasebook.Audiences[Audience.Kind];
}
