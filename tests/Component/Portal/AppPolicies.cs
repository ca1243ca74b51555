using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RagMemory.Identity;

namespace RagMemory.Tests.Portal;

/// <summary>The authorization policies exactly as <see cref="IdentityRegistration.AddRagMemoryIdentity"/> defines them.</summary>
public static class AppPolicies
{
    private static readonly Lazy<AuthorizationOptions> Options = new(Load);

    public static AuthorizationPolicy Get(string name) =>
        Options.Value.GetPolicy(name) ?? throw new InvalidOperationException($"The app defines no policy named '{name}'.");

    /// <summary>Adds every permission policy of the app to <paramref name="options"/>.</summary>
    public static void AddTo(AuthorizationOptions options)
    {
        foreach (var name in Permissions.All)
        {
            options.AddPolicy(name, Get(name));
        }
    }

    private static AuthorizationOptions Load()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.AddRagMemoryIdentity();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptions<AuthorizationOptions>>().Value;
    }
}
