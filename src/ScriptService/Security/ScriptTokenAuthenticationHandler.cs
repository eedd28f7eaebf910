using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace ScriptService.Security;

/// <summary>
/// The <see cref="ScriptAuthentication.SchemeName"/> scheme on HTTP: the bearer token of the request, or, on the
/// Engine.IO handshake of a 2.x client (<c>EIO=3</c>), its <c>token</c> query parameter. No token, or authentication
/// off, is no result (the endpoints decide what an anonymous caller gets); a bad token fails.
/// </summary>
internal sealed class ScriptTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    TokenValidator tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!tokens.IsEnabled)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var token = TokenValidator.ReadBearer(Request) ?? ReadLegacyQueryToken(Request);
        if (token is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        return Task.FromResult(tokens.TryValidate(token, out var userId)
            ? AuthenticateResult.Success(new AuthenticationTicket(ScriptAuthentication.Principal(userId), ScriptAuthentication.SchemeName))
            : AuthenticateResult.Fail("The token is not valid."));
    }

    /// <summary>
    /// A 2.x client joins the main namespace without a CONNECT packet, so it has no auth payload to send: it passes the
    /// token in the connection's query (<c>io(url, { query: { token } })</c>), as Node apps read it. Only there: an
    /// API request's URL is not a place for a secret.
    /// </summary>
    internal static string? ReadLegacyQueryToken(HttpRequest request) =>
        request.Query.TryGetValue("EIO", out var eio) && eio == "3" && request.Query.TryGetValue("token", out var token) && token.Count == 1
            ? token[0]
            : null;
}
