using Microsoft.AspNetCore.Authentication;

namespace ScriptService.Security;

/// <summary>Composes the service's one authentication scheme (<see cref="ScriptAuthentication"/>).</summary>
internal static class SecurityServiceCollectionExtensions
{
    public static IServiceCollection AddScriptAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<TokenValidator>();
        services.AddAuthentication(ScriptAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ScriptTokenAuthenticationHandler>(ScriptAuthentication.SchemeName, configureOptions: null);
        return services;
    }
}
