using Microsoft.AspNetCore.Authentication;

namespace ScriptService.Security;

/// <summary>Composes the service's one authentication scheme (<see cref="ScriptAuthentication"/>).</summary>
internal static class SecurityServiceCollectionExtensions
{
    /// <remarks>
    /// The authentication core, not <c>AddAuthentication()</c>: that one adds data protection too, for cookie schemes,
    /// which would pick a key ring folder at start; a bearer token needs none. Without tokens configured, only the
    /// validator (which then finds every caller anonymous): with the scheme registered, the web application would add
    /// the authentication middleware by itself, which creates a handler per request to find no user.
    /// </remarks>
    public static IServiceCollection AddScriptAuthentication(this IServiceCollection services, ScriptServiceOptions settings)
    {
        services.AddSingleton<TokenValidator>();
        if (!settings.Authentication.IsEnabled)
        {
            return services;
        }

        services.AddWebEncoders();
        services.AddAuthenticationCore(options => options.DefaultScheme = ScriptAuthentication.SchemeName);
        new AuthenticationBuilder(services)
            .AddScheme<AuthenticationSchemeOptions, ScriptTokenAuthenticationHandler>(ScriptAuthentication.SchemeName, configureOptions: null);
        return services;
    }
}
