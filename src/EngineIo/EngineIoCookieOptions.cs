using Microsoft.AspNetCore.Http;

namespace EngineIo;

/// <summary>The sid cookie set on the handshake response, as the reference's <c>cookie</c> option sets it.</summary>
public sealed class EngineIoCookieOptions
{
    /// <summary>The cookie name. Default "io".</summary>
    public string Name { get; set; } = "io";

    /// <summary>The cookie path. Default "/".</summary>
    public string Path { get; set; } = "/";

    /// <summary>Whether scripts are kept from reading it. Default true.</summary>
    public bool HttpOnly { get; set; } = true;

    /// <summary>The SameSite attribute. Default Lax.</summary>
    public SameSiteMode SameSite { get; set; } = SameSiteMode.Lax;

    /// <summary>Whether the cookie is sent over HTTPS only. Default false.</summary>
    public bool Secure { get; set; }
}
