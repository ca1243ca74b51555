using Bunit;
using RagMemory.Identity;
using RagMemory.Namespaces;
using RagMemory.Portal.Components.Pages.Admin;

namespace RagMemory.Tests.Portal.Manage;

[Collection(PortalTestGroup.Name)]
public sealed class AccountsPageTests(EmbedderFixture embedder) : ManagePageTestContext(embedder)
{
    private const string GoodPassword = "a long enough passphrase";

    private AccountStore Store => Memory.Get<AccountStore>();

    [Fact]
    public async Task Every_account_is_listed_with_its_roles()
    {
        await Store.CreateAsync("grace", GoodPassword, [Roles.Reader, Roles.Writer]);

        var cut = Render<Accounts>();

        Assert.Equal([BootstrapAdmin.Username, "grace"], cut.FindAll("[data-testid=account]").Select(row => row.GetAttribute("data-username")));
        Assert.Equal([Roles.Reader, Roles.Writer], cut.Find("[data-testid=account][data-username=grace]").QuerySelectorAll(".mud-chip").Select(chip => chip.TextContent.Trim()));
    }

    [Fact]
    public async Task A_created_account_is_stored_with_the_chosen_roles_and_listed()
    {
        var cut = Render<Accounts>();

        cut.Find("[data-testid=role-writer]").Change(true);
        Create(cut, "ada", GoodPassword);

        var ada = Assert.Single(await Store.ListAsync(), account => account.Username == "ada");
        Assert.Equal([Roles.Reader, Roles.Writer], ada.Roles);
        Assert.NotNull(await Store.VerifyAsync("ada", GoodPassword));
        Assert.Equal("Created ada.", cut.Find("[data-testid=account-created]").TextContent.Trim());
        Assert.NotNull(cut.Find("[data-testid=account][data-username=ada]"));
    }

    [Theory]
    [InlineData("", GoodPassword, "400 · 'username' must be")]
    [InlineData("   ", GoodPassword, "400 · 'username' must be")]
    [InlineData("ada", "too short", "400 · 'password' must be at least 12 characters.")]
    [InlineData(BootstrapAdmin.Username, GoodPassword, "409 · An account named 'admin' already exists.")]
    public async Task Bad_input_shows_the_problem_and_creates_nothing(string username, string password, string problem)
    {
        var before = await UsernamesAsync();
        var cut = Render<Accounts>();

        Create(cut, username, password);

        Assert.StartsWith(problem, cut.Find("[data-testid=account-error]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Equal(before, await UsernamesAsync());
        Assert.Empty(cut.FindAll("[data-testid=account-created]"));
    }

    [Fact]
    public async Task An_account_without_any_role_is_refused()
    {
        var cut = Render<Accounts>();

        cut.Find("[data-testid=role-reader]").Change(false);
        Create(cut, "nobody", GoodPassword);

        Assert.StartsWith("400 · 'roles' must name", cut.Find("[data-testid=account-error]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.DoesNotContain(await Store.ListAsync(), account => account.Username == "nobody");
    }

    [Fact]
    public async Task Disabling_an_account_from_its_row_refuses_its_password_and_is_audited_with_who()
    {
        await Store.CreateAsync("grace", GoodPassword, [Roles.Reader]);
        var cut = Render<Accounts>();

        cut.Find("[data-testid=account][data-username=grace] [data-testid=account-toggle]").Click();

        Assert.Null(await Store.VerifyAsync("grace", GoodPassword));
        Assert.StartsWith($"disabled by {Administrator}", cut.Find("[data-testid=account][data-username=grace] [data-testid=account-state]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.Contains(cut.FindAll("[data-testid=audit-entry]"), row => row.TextContent.Contains("grace", StringComparison.Ordinal) && row.TextContent.Contains("disabled", StringComparison.Ordinal) && row.TextContent.Contains(Administrator, StringComparison.Ordinal));

        cut.Find("[data-testid=account][data-username=grace] [data-testid=account-toggle]").Click();
        Assert.NotNull(await Store.VerifyAsync("grace", GoodPassword));
    }

    [Fact]
    public async Task Deleting_an_account_removes_it_from_the_store_and_the_list()
    {
        await Store.CreateAsync("grace", GoodPassword, [Roles.Reader]);
        var cut = Render<Accounts>();

        cut.Find("[data-testid=account][data-username=grace] [data-testid=account-delete]").Click();

        Assert.Null(await Store.FindAsync("grace"));
        Assert.Empty(cut.FindAll("[data-testid=account][data-username=grace]"));
    }

    [Fact]
    public async Task Resetting_a_password_replaces_the_old_one()
    {
        await Store.CreateAsync("grace", GoodPassword, [Roles.Reader]);
        var cut = Render<Accounts>();

        cut.Fill("#reset-username", "grace");
        cut.Fill("#reset-password", "another long passphrase");
        cut.Find("[data-testid=reset-password]").Closest("form")!.Submit();

        Assert.Null(await Store.VerifyAsync("grace", GoodPassword));
        Assert.NotNull(await Store.VerifyAsync("grace", "another long passphrase"));
    }

    [Fact]
    public async Task The_last_enabled_admin_cannot_be_disabled_or_deleted()
    {
        var cut = Render<Accounts>();

        cut.Find($"[data-testid=account][data-username={BootstrapAdmin.Username}] [data-testid=account-delete]").Click();

        Assert.StartsWith("409 ·", cut.Find("[data-testid=account-error]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.NotNull(await Store.FindAsync(BootstrapAdmin.Username));
    }

    private async Task<List<string>> UsernamesAsync() => [.. (await Store.ListAsync()).Select(account => account.Username)];

    [Fact]
    public async Task A_created_account_gets_the_namespaces_typed_and_they_can_be_set_again()
    {
        var cut = Render<Accounts>();

        cut.Fill("#account-namespaces-read", "team-a, team-b");
        cut.Fill("#account-namespaces-write", "team-a");
        Create(cut, "tenant", GoodPassword);

        var tenant = Assert.Single(await Store.ListAsync(), account => account.Username == "tenant");
        Assert.Equal(new NamespaceGrants(["team-a", "team-b"], ["team-a"]), tenant.Namespaces);
        Assert.Equal("read team-a, team-b · write team-a", cut.Find("[data-testid=account][data-username=tenant] [data-testid=account-namespaces]").TextContent.Trim());

        cut.Fill("#namespaces-username", "tenant");
        cut.Fill("#set-namespaces-read", "*");
        cut.Fill("#set-namespaces-write", "");
        cut.Find("[data-testid=set-namespaces-submit]").Closest("form")!.Submit();

        cut.WaitForAssertion(() => Assert.Equal("read * · write none", cut.Find("[data-testid=account][data-username=tenant] [data-testid=account-namespaces]").TextContent.Trim()));
        Assert.Equal(new NamespaceGrants(["*"], []), (await Store.FindAsync("tenant"))!.Namespaces);
    }

    [Fact]
    public void A_bad_namespace_name_is_refused_naming_it()
    {
        var cut = Render<Accounts>();

        cut.Fill("#account-namespaces-read", "Team A");
        Create(cut, "badns", GoodPassword);

        Assert.Contains("namespaces.read[0]", cut.Find("[data-testid=account-error]").TextContent, StringComparison.Ordinal);
    }

    private static void Create(IRenderedComponent<Accounts> cut, string username, string password)
    {
        cut.Fill("#account-username", username);
        cut.Fill("#account-password", password);
        cut.Find("[data-testid=create-account]").Closest("form")!.Submit();
    }
}
