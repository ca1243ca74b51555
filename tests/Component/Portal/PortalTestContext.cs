using RagMemory.Namespaces;
using System.Security.Claims;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using MudBlazor.Services;
using RagMemory.Answers;
using RagMemory.Identity;
using RagMemory.Ingestion;
using RagMemory.Logging;
using RagMemory.Resilience;
using RagMemory.Search;
using RagMemory.Storage;

namespace RagMemory.Tests.Portal;

/// <summary>
/// A bUnit context for portal pages: MudBlazor services, loose JS interop (MudBlazor calls JS the tests do not check)
/// and the real engines of a fresh <see cref="MemoryHost"/>. Pages read time from <see cref="Clock"/>, which the test moves.
/// MudBlazor's services are async-disposable, so the context is disposed through <see cref="IAsyncLifetime"/>.
/// Derived classes join <see cref="PortalTestGroup"/> to receive the shared embedder.
/// </summary>
public abstract class PortalTestContext : BunitContext, IAsyncLifetime
{
    /// <summary>A bound for waits on the ingestion worker and the page's refresh, generous for a loaded machine.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly EmbedderFixture _embedder;
    private MemoryHost? _memory;

    protected PortalTestContext(EmbedderFixture embedder)
    {
        _embedder = embedder;
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    /// <summary>The pages' clock; the engines keep the system clock.</summary>
    protected PageClock Clock { get; } = new();

    protected MemoryHost Memory => _memory ?? throw new InvalidOperationException("The memory host starts in InitializeAsync.");

    protected BunitNavigationManager Navigation => Services.GetRequiredService<BunitNavigationManager>();

    public async Task InitializeAsync()
    {
        _memory = await MemoryHost.StartAsync(_embedder.Embedder, MemorySettings, ConfigureMemory);
        Services.AddSingleton(_memory.Get<HybridSearchService>());
        Services.AddSingleton(_memory.Get<AnswerService>());
        Services.AddSingleton(_memory.Get<IngestionService>());
        Services.AddSingleton(_memory.Get<RagMemory.Graph.IGraphStore>());
        Services.AddSingleton(_memory.Get<RagMemory.Graph.VisibleGraph>());
        Services.AddSingleton(_memory.Get<RagMemory.RateLimiting.RateLimitRegistry>());
        Services.AddSingleton(_memory.Get<BackendPipelines>());
        Services.AddSingleton(_memory.Get<LogRingBuffer>());
        Services.AddSingleton(_memory.Get<AccountStore>());
        Services.AddSingleton(_memory.Get<HealthCheckService>());
        Services.AddSingleton(_memory.Get<IEventStore>());
        Services.AddSingleton(_memory.Get<RagMemory.Namespaces.NamespaceCounts>());
        Services.AddSingleton(_memory.Get<IOptions<StorageOptions>>());
        Services.AddSingleton(_memory.Get<IConfiguration>());
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddScoped<RagMemory.Portal.Components.PortalLimits>();
        Services.AddScoped<RagMemory.Portal.Components.PortalAction>();
        Services.AddSingleton(_memory.Get<EventDeletion>());
        Services.AddScoped<RagMemory.Portal.Components.Documents.EventActions>();
        Services.AddScoped<RagMemory.Portal.Components.Namespaces.NamespaceChoice>();
        Services.AddSingleton(_memory.Get<RagMemory.RateLimiting.RateLimitHistory>());
        Services.AddSingleton(_memory.Get<RagMemory.Observability.SoftwareVersions>());
        Services.AddSingleton(_memory.Get<ApiClientStore>());
    }

    /// <summary>Settings a test class gives its memory host beyond the defaults.</summary>
    protected virtual IReadOnlyDictionary<string, string?> MemorySettings => new Dictionary<string, string?>();

    /// <summary>Lets a test class replace a service of its memory host, say to put a fault injector over an adapter.</summary>
    protected virtual void ConfigureMemory(IServiceCollection services)
    {
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        // Components first (the Ingest page stops its refresh loop), then the engines they were calling.
        await DisposeAsync();
        if (_memory is not null)
        {
            await _memory.DisposeAsync();
        }
    }

    /// <summary>
    /// bUnit's authentication state, judged by the app's real policies: bUnit's own authorization double grants
    /// policies by name, so it is replaced by ASP.NET Core's evaluator and the user's permission claims decide.
    /// </summary>
    protected BunitAuthorizationContext AddAppAuthorization()
    {
        var authorization = AddAuthorization();
        Services.AddAuthorizationCore(AppPolicies.AddTo);
        Services.AddSingleton<IAuthorizationPolicyProvider, DefaultAuthorizationPolicyProvider>();
        Services.AddSingleton<IAuthorizationService, DefaultAuthorizationService>();
        return authorization;
    }

    /// <summary>
    /// Signs in a user holding the given permission claims and the namespaces the claims transformation gives them (every
    /// one for an admin, <c>default</c> otherwise), as the portal's claims transformation issues them.
    /// </summary>
    protected void SignIn(string userName, params string[] permissions) =>
        SignIn(userName, permissions.Contains(Permissions.Admin) ? NamespaceGrants.Everything : NamespaceGrants.Default, permissions);

    /// <summary>Signs in a user holding the given permissions and namespace grants, as the claims transformation issues them.</summary>
    protected void SignIn(string userName, NamespaceGrants namespaces, params string[] permissions) =>
        AddAppAuthorization()
            .SetAuthorized(userName)
            .SetClaims([
                .. permissions.Select(p => new Claim(Permissions.ClaimType, p)),
                new Claim(NamespaceAccess.ClaimType, namespaces.ToJson(), ClaimValueTypes.String, PermissionClaimsTransformation.MappingIssuer)]);
}
