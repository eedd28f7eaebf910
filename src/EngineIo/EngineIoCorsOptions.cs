namespace EngineIo;

/// <summary>
/// Cross-origin resource sharing for the Engine.IO endpoint, answered by the endpoint itself (preflight included) so
/// that it works without the app's CORS middleware.
/// </summary>
public sealed class EngineIoCorsOptions
{
    /// <summary>
    /// Origins allowed to call the endpoint, e.g. <c>https://app.example.com</c>. <c>*</c> allows any origin; with
    /// <see cref="AllowCredentials"/> the request's own origin is echoed, as browsers refuse <c>*</c> with credentials.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = new List<string>();

    /// <summary>Whether browsers may send cookies and authorization headers. Default false.</summary>
    public bool AllowCredentials { get; set; }

    /// <summary>Request headers a preflight allows; empty (the default) echoes what the preflight asks for.</summary>
    public IList<string> AllowedHeaders { get; } = new List<string>();

    /// <summary>How long browsers may cache a preflight answer; null (the default) sends no max-age.</summary>
    public TimeSpan? PreflightMaxAge { get; set; }
}
