using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace ScriptService.Security;

/// <summary>
/// Checks the optional client token: the configured API key, or an HS256 JWT signed with the configured secret (its
/// <c>sub</c> names the user, its <c>exp</c> is required and enforced). Off when neither is configured.
/// </summary>
internal sealed class TokenValidator(IOptions<ScriptServiceOptions> options, TimeProvider timeProvider)
{
    /// <summary>The user every API-key client is: jobs created with the key belong to it.</summary>
    public const string ApiKeyUser = "api-key";

    /// <summary>JWT users are <c>user:&lt;sub&gt;</c>.</summary>
    public const string JwtUserPrefix = "user:";

    private readonly ScriptServiceOptions.AuthenticationSettings _settings = options.Value.Authentication;

    public bool IsEnabled => _settings.IsEnabled;

    /// <summary>Validates a token; gives the user it stands for.</summary>
    public bool TryValidate(string? token, out string userId)
    {
        userId = string.Empty;
        if (string.IsNullOrEmpty(token))
        {
            return false;
        }

        if (_settings.ApiKey is { Length: > 0 } key && FixedTimeEquals(token, key))
        {
            userId = ApiKeyUser;
            return true;
        }

        return _settings.JwtSigningKey is { Length: > 0 } secret && TryValidateJwt(token, secret, out userId);
    }

    /// <summary>The bearer token of an HTTP request, if any.</summary>
    public static string? ReadBearer(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    private bool TryValidateJwt(string token, string secret, out string userId)
    {
        userId = string.Empty;
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return false;
        }

        try
        {
            using (var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])))
            {
                if (!header.RootElement.TryGetProperty("alg", out var alg) || alg.GetString() != "HS256")
                {
                    return false;
                }
            }

            var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]));
            if (!CryptographicOperations.FixedTimeEquals(expected, Base64Url.DecodeFromChars(parts[2])))
            {
                return false;
            }

            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            var claims = payload.RootElement;
            var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0;

            // NumericDate may have a fraction (RFC 7519); a claim that is present but not a number fails the token.
            // exp is required: a token that never expires could not be taken back short of changing the secret.
            if (!TryReadNumericDate(claims, "exp", out var expires) || expires is not { } exp || now >= exp
                || !TryReadNumericDate(claims, "nbf", out var notBefore) || (notBefore is { } nbf && now < nbf))
            {
                return false;
            }

            if (!claims.TryGetProperty("sub", out var sub) || sub.ValueKind != JsonValueKind.String || sub.GetString() is not { Length: > 0 } subject)
            {
                return false;
            }

            // A prefix keeps a token's subject from ever naming the API-key user.
            userId = JwtUserPrefix + subject;
            return true;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private static bool TryReadNumericDate(JsonElement claims, string name, out double? value)
    {
        value = null;
        if (!claims.TryGetProperty(name, out var claim))
        {
            return true;
        }

        if (claim.ValueKind != JsonValueKind.Number || !claim.TryGetDouble(out var number))
        {
            return false;
        }

        value = number;
        return true;
    }

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
