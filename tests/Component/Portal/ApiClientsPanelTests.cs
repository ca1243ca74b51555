using Bunit;
using MudBlazor;
using RagMemory.Identity;
using RagMemory.Portal.Components.Accounts;

namespace RagMemory.Tests.Portal;

[Collection(PortalTestGroup.Name)]
public sealed class ApiClientsPanelTests : PortalTestContext
{
    public ApiClientsPanelTests(EmbedderFixture embedder)
        : base(embedder) => SignIn("operator", Permissions.Read, Permissions.Write, Permissions.Admin);

    private ApiClientStore Store => Memory.Get<ApiClientStore>();

    [Fact]
    public async Task Creating_a_client_shows_its_secret_once_and_the_secret_gets_a_token()
    {
        var cut = RenderPanel();

        Create(cut, "nightly import", Roles.Writer);

        var clientId = cut.Find("[data-testid=created-client-id]").TextContent;
        var secret = cut.Find("[data-testid=created-client-secret]").TextContent;
        var client = await Store.VerifyAsync(clientId, secret);
        Assert.NotNull(client);
        Assert.Equal("operator", client.CreatedBy);
        Assert.Equal<string>([Roles.Reader, Roles.Writer], client.Roles);
        Assert.Single(cut.FindAll($"[data-testid=client][data-client-id={clientId}]"));
        Assert.DoesNotContain(secret, cut.Find("[data-testid=clients]").TextContent, StringComparison.Ordinal);

        // Leaving and coming back shows the client but never its secret again.
        var again = RenderPanel();
        Assert.DoesNotContain(secret, again.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_without_a_name_is_refused_with_a_400_and_nothing_is_created()
    {
        var cut = RenderPanel();

        Create(cut, "  ");

        Assert.StartsWith("400 · 'name' must be", cut.Find("[data-testid=client-error]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Empty(await Store.ListAsync());
    }

    [Fact]
    public async Task Revoking_asks_for_confirmation_then_ends_the_client()
    {
        var created = await Store.CreateAsync("old job", [Roles.Reader], "someone");
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderPanel();

        cut.Find($"[aria-label='Revoke {created.Client.ClientId}']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("stop working at once", dialogs.Markup, StringComparison.Ordinal));
        Assert.True(await Store.IsCurrentAsync(created.Client.ClientId, null));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click();

        cut.WaitForAssertion(() => Assert.StartsWith("revoked", cut.Find("[data-testid=client-state]").TextContent.Trim(), StringComparison.Ordinal));
        Assert.False(await Store.IsCurrentAsync(created.Client.ClientId, null));
        Assert.Equal("operator", (await Store.FindAsync(created.Client.ClientId))!.RevokedBy);
        Assert.Null(await Store.VerifyAsync(created.Client.ClientId, created.Secret));
    }

    [Fact]
    public async Task Cancelling_the_confirmation_keeps_the_client()
    {
        var created = await Store.CreateAsync("keeper", [Roles.Reader], "someone");
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderPanel();

        cut.Find($"[aria-label='Revoke {created.Client.ClientId}']").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click());

        Assert.True(await Store.IsCurrentAsync(created.Client.ClientId, null));
        Assert.Equal("active", cut.Find("[data-testid=client-state]").TextContent.Trim());
    }

    [Fact]
    public async Task Editing_a_clients_namespaces_stores_them_and_ends_its_current_tokens()
    {
        var created = await Store.CreateAsync("team import", [Roles.Reader, Roles.Writer], "someone");
        var before = (await Store.FindAsync(created.Client.ClientId))!.Namespaces.ToJson();
        var cut = RenderPanel();

        cut.Find($"[aria-label='Edit namespaces of {created.Client.ClientId}']").Click();
        Assert.Equal("default", cut.Find("#edit-client-namespaces-read").GetAttribute("value"));
        cut.Find("#edit-client-namespaces-read").Change("default, research");
        cut.Find("#edit-client-namespaces-write").Change("research");
        cut.Find("[data-testid=edit-client] form").Submit();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=edit-client]")));
        var client = (await Store.FindAsync(created.Client.ClientId))!;
        Assert.Equal<string>(["default", "research"], client.Namespaces.Read);
        Assert.Equal<string>(["research"], client.Namespaces.Write);
        Assert.Equal(client.Namespaces.ToString(), cut.Find($"[data-testid=client][data-client-id={created.Client.ClientId}] [data-testid=client-namespaces]").TextContent.Trim());
        Assert.False(await Store.IsCurrentAsync(created.Client.ClientId, before));
        Assert.True(await Store.IsCurrentAsync(created.Client.ClientId, client.Namespaces.ToJson()));
    }

    [Fact]
    public async Task A_bad_namespace_name_is_a_400_and_the_client_keeps_its_namespaces()
    {
        var created = await Store.CreateAsync("careful", [Roles.Reader], "someone");
        var cut = RenderPanel();

        cut.Find($"[aria-label='Edit namespaces of {created.Client.ClientId}']").Click();
        cut.Find("#edit-client-namespaces-read").Change("Not A Name!");
        cut.Find("[data-testid=edit-client] form").Submit();

        Assert.StartsWith("400 ·", cut.Find("[data-testid=client-error]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Single(cut.FindAll("[data-testid=edit-client]"));
        Assert.Equal<string>(["default"], (await Store.FindAsync(created.Client.ClientId))!.Namespaces.Read);
    }

    private IRenderedComponent<ApiClientsPanel> RenderPanel() => Render<ApiClientsPanel>();

    private static void Create(IRenderedComponent<ApiClientsPanel> cut, string name, params string[] extraRoles)
    {
        cut.Find("#client-name").Change(name);
        foreach (var role in extraRoles)
        {
            cut.Find($"input[data-testid=client-role-{role}]").Change(true);
        }

        cut.Find("form").Submit();
    }
}
