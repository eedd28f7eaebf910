namespace ScriptService.Generation.Offline.Phrasebooks;

/// <summary>One way to open a script: a line that names the topic, and a follow-up the fitter may drop when space is short.</summary>
/// <param name="Line">The opening line; it must contain <c>{topic}</c>, the only full mention a long topic gets.</param>
/// <param name="FollowUp">A second sentence that sets up what comes next.</param>
internal sealed record StyleHook(Template Line, Template FollowUp);
