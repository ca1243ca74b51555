using System.Reflection;
using Bunit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.DependencyInjection;
using RagMemory.Identity;
using RagMemory.Portal.Components;
using RagMemory.Portal.Components.Pages;
using RagMemory.Portal.Components.Pages.Admin;

namespace RagMemory.Tests.Portal;

// Inside the namespace, "Search" would name the RagMemory.Search namespace rather than the page.
using SearchPage = RagMemory.Portal.Components.Pages.Search;

[Collection(PortalTestGroup.Name)]
public sealed class PageAuthorizationTests : PortalTestContext
{
    public PageAuthorizationTests(EmbedderFixture embedder)
        : base(embedder)
    {
        // The main layout's sign-out form asks for an antiforgery token, which only a real request can issue.
        Services.AddSingleton<AntiforgeryStateProvider, NoAntiforgery>();
    }

    [Theory]
    [InlineData(typeof(SearchPage), Permissions.Read)]
    [InlineData(typeof(Ingest), Permissions.Write)]
    [InlineData(typeof(GraphBrowser), Permissions.Read)]
    [InlineData(typeof(Documents), Permissions.Read)]
    [InlineData(typeof(RateLimits), Permissions.Admin)]
    [InlineData(typeof(Breakers), Permissions.Admin)]
    [InlineData(typeof(Health), Permissions.Admin)]
    [InlineData(typeof(Logs), Permissions.Admin)]
    [InlineData(typeof(Accounts), Permissions.Admin)]
    [InlineData(typeof(Deletions), Permissions.Admin)]
    public void The_page_requires_its_permission_policy(Type page, string policy)
    {
        var authorize = Assert.Single(page.GetCustomAttributes<AuthorizeAttribute>());

        Assert.Equal(policy, authorize.Policy);
    }

    [Theory]
    [InlineData(Permissions.Read)]
    [InlineData(Permissions.Write)]
    [InlineData(Permissions.Admin)]
    public void The_policy_is_granted_by_its_permission_claim_only(string policy)
    {
        var requirement = Assert.IsType<ClaimsAuthorizationRequirement>(Assert.Single(AppPolicies.Get(policy).Requirements));

        Assert.Equal(Permissions.ClaimType, requirement.ClaimType);
        Assert.Equal<string>([policy], requirement.AllowedValues!);
    }

    [Fact]
    public void A_reader_who_opens_ingest_is_told_the_permission_is_missing()
    {
        SignIn("reader", Permissions.Read);
        Navigation.NavigateTo("/ingestion");

        var cut = RenderRoutes();

        cut.WaitForAssertion(() => Assert.True(IsRefused(cut)), Patience);
        Assert.Empty(cut.FindAll("#ingest-text"));
    }

    [Fact]
    public void A_writer_who_opens_ingest_gets_the_form()
    {
        SignIn("writer", Permissions.Read, Permissions.Write);
        Navigation.NavigateTo("/ingestion");

        var cut = RenderRoutes();

        cut.WaitForElement("#ingest-text", Patience);
        Assert.False(IsRefused(cut));
    }

    /// <summary>Each page under /manage with an element that only the rendered page shows.</summary>
    private static readonly (string Path, string Marker)[] Manage =
    [
        ("/manage/rate-limits", "[data-testid=rate-limits]"),
        ("/manage/breakers", "[data-testid=breakers]"),
        ("/manage/health", "[data-testid=refresh-health]"),
        ("/manage/logs", "[data-testid=pause]"),
        ("/manage/accounts", "[data-testid=create-account]"),
        ("/manage/deletions", "[data-testid=refresh-deletions]"),
    ];

    public static IEnumerable<object[]> ManagePages => Manage.Select(page => new object[] { page.Path, page.Marker });

    public static IEnumerable<object[]> ManagePagesForNonAdmins =>
        from role in new[] { Roles.Reader, Roles.Writer } from page in Manage select new object[] { role, page.Path, page.Marker };

    [Theory]
    [MemberData(nameof(ManagePagesForNonAdmins))]
    public void A_reader_or_writer_who_opens_a_manage_page_is_told_the_permission_is_missing(string role, string path, string marker)
    {
        SignIn(role, [.. Roles.PermissionsOf(role)]);
        Navigation.NavigateTo(path);

        var cut = RenderRoutes();

        cut.WaitForAssertion(() => Assert.True(IsRefused(cut)), Patience);
        Assert.Empty(cut.FindAll(marker));
    }

    [Theory]
    [MemberData(nameof(ManagePages))]
    public void An_admin_who_opens_a_manage_page_gets_it(string path, string marker)
    {
        SignIn(Roles.Admin, [.. Roles.PermissionsOf(Roles.Admin)]);
        Navigation.NavigateTo(path);

        var cut = RenderRoutes();

        cut.WaitForElement(marker, Patience);
        Assert.False(IsRefused(cut));
    }

    [Fact]
    public void An_anonymous_visitor_of_search_is_sent_to_sign_in_and_back()
    {
        AddAppAuthorization();
        Navigation.NavigateTo("/search?q=engine");

        RenderRoutes();

        var uri = new Uri(Navigation.Uri);
        Assert.Equal("/login", uri.AbsolutePath);
        Assert.Equal("?returnUrl=" + Uri.EscapeDataString("/search?q=engine"), uri.Query);
    }

    /// <summary>The router with the main layout, rendered interactively on the server as the portal runs it.</summary>
    private IRenderedComponent<Routes> RenderRoutes()
    {
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return Render<Routes>();
    }

    /// <summary>
    /// Whether the router shows its 403 alert. Only alerts are searched: MudBlazor's generated element ids may contain "403".
    /// </summary>
    private static bool IsRefused(IRenderedComponent<Routes> cut) =>
        cut.FindAll(".mud-alert").Any(alert => alert.TextContent.Contains("403 ·", StringComparison.Ordinal));

    private sealed class NoAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken? GetAntiforgeryToken() => null;
    }
}
