using System.Security.Claims;

namespace ScriptService.Security;

/// <summary>
/// The service's one authentication scheme, <see cref="SchemeName"/>: a token (the configured API key, or an HS256 JWT)
/// checked by <see cref="TokenValidator"/>, giving a principal whose <see cref="ClaimTypes.NameIdentifier"/> is the user.
/// HTTP requests present it as a bearer token (<see cref="ScriptTokenAuthenticationHandler"/>), as does the Engine.IO
/// handshake, whose user a socket keeps; a Socket.IO client may instead put it in its CONNECT auth payload, or a 2.x
/// client in its query, which the socket middleware checks with the same validator and turns into the same principal.
/// </summary>
internal static class ScriptAuthentication
{
    public const string SchemeName = "ScriptToken";

    /// <summary>The principal of an authenticated user.</summary>
    public static ClaimsPrincipal Principal(string userId) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, userId)], SchemeName));

    /// <summary>The user a principal authenticated as with this scheme; null for anyone else.</summary>
    public static string? UserIdOf(ClaimsPrincipal? principal)
    {
        if (principal is null)
        {
            return null;
        }

        foreach (var identity in principal.Identities)
        {
            if (identity.IsAuthenticated && identity.AuthenticationType == SchemeName && identity.FindFirst(ClaimTypes.NameIdentifier) is { } claim)
            {
                return claim.Value;
            }
        }

        return null;
    }
}
