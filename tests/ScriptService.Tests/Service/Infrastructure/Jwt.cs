using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace ScriptService.Tests.Service.Infrastructure;

/// <summary>Makes the HS256 JWTs the service accepts (or, with the parameters, ones it must refuse).</summary>
internal static class Jwt
{
    public static string Create(string secret, string? subject, DateTimeOffset? expires = null, string algorithm = "HS256")
    {
        var header = new JsonObject { ["alg"] = algorithm, ["typ"] = "JWT" };
        var payload = new JsonObject { ["iat"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds() };
        if (subject is not null)
        {
            payload["sub"] = subject;
        }

        if (expires is { } exp)
        {
            payload["exp"] = exp.ToUnixTimeSeconds();
        }

        return Sign(secret, header, payload);
    }

    /// <summary>A token with exactly <paramref name="payload"/> as its claims, signed HS256.</summary>
    public static string Create(string secret, JsonObject payload) => Sign(secret, new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" }, payload);

    private static string Sign(string secret, JsonObject header, JsonObject payload)
    {
        var signingInput = Encode(header) + "." + Encode(payload);
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.ASCII.GetBytes(signingInput));
        return signingInput + "." + Base64Url.EncodeToString(signature);
    }

    private static string Encode(JsonObject json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json.ToJsonString()));
}
