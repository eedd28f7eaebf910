using Microsoft.AspNetCore.Authentication;

namespace ScriptService.Security;

/// <summary>Composes the service's one authentication scheme (<see cref="ScriptAuthentication"/>).</summary>
internal static class SecurityServiceCollectionExtensions
{
    /// <remarks>
    /// The authentication core, not <c>AddAuthentication()</c>: that one adds data protection too, for cookie schemes,
    /// which would pick a key ring folder at start; a bearer token needs none.
    /// </remarks>
    public static IServiceCollection AddScriptAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<TokenValidator>();
        services.AddWebEncoders();
        services.AddAuthenticationCore(options => options.DefaultScheme = ScriptAuthentication.SchemeName);
        new AuthenticationBuilder(services)
            .AddScheme<AuthenticationSchemeOptions, ScriptTokenAuthenticationHandler>(ScriptAuthentication.SchemeName, configureOptions: null);
        return services;
    }
}
