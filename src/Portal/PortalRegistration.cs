using MudBlazor.Services;
using RagMemory.Portal.Account;
using RagMemory.Portal.Components;

namespace RagMemory.Portal;

public static class PortalRegistration
{
    /// <summary>The Blazor Server portal with MudBlazor; its pages call the same services as the API's controllers.</summary>
    public static WebApplicationBuilder AddRagMemoryPortal(this WebApplicationBuilder builder)
    {
        // Packaged assets (MudBlazor's, blazor.web.js) are served from the build's manifest in every environment, not
        // only in Development; a published build has none and serves them from its own wwwroot.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingAccountStateProvider>();
        builder.Services.AddMudServices();
        builder.Services.AddScoped<PortalLimits>();
        builder.Services.AddScoped<PortalAction>();
        builder.Services.AddScoped<Components.Documents.EventActions>();
        builder.Services.AddScoped<Components.Namespaces.NamespaceChoice>();
        return builder;
    }

    public static WebApplication MapRagMemoryPortal(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapAccountEndpoints();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
