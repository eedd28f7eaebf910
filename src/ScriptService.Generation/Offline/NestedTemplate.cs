namespace ScriptService.Generation.Offline;

/// <summary>
/// A template value that is itself a template: an audience sentence, which names the topic and the listener with the
/// values it was given. It is rendered where it is used, straight into the sentence around it, instead of into a
/// string of its own first.
/// </summary>
/// <param name="Template">The audience sentence.</param>
/// <param name="Values">The values it is rendered with (the body's, without the audience sentences themselves).</param>
internal readonly record struct NestedTemplate(Template Template, TemplateValues Values);
