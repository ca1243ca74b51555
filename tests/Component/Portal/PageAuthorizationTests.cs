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
    public void The_page_requires_its_permission_policy(Type page, string policy)
    {
        var authorize = Assert.Single(page.GetCustomAttributes<AuthorizeAttribute>());

        Assert.Equal(policy, authorize.Policy);
    }

    [Theory]
    [InlineData(Permissions.Read)]
    [InlineData(Permissions.Write)]
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

        cut.WaitForAssertion(() => Assert.Contains("403", cut.Find(".mud-alert").TextContent, StringComparison.Ordinal), Patience);
        Assert.Empty(cut.FindAll("#ingest-text"));
    }

    [Fact]
    public void A_writer_who_opens_ingest_gets_the_form()
    {
        SignIn("writer", Permissions.Read, Permissions.Write);
        Navigation.NavigateTo("/ingestion");

        var cut = RenderRoutes();

        cut.WaitForElement("#ingest-text", Patience);
        // Checked on the alerts, not the whole markup, where a generated element id can hold "403" by chance.
        Assert.DoesNotContain(cut.FindAll(".mud-alert"), alert => alert.TextContent.Contains("403", StringComparison.Ordinal));
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

    private sealed class NoAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken? GetAntiforgeryToken() => null;
    }
}
