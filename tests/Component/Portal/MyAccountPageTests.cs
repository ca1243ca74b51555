using System.Security.Claims;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RagMemory.Identity;
using RagMemory.Portal.Components.Pages;

namespace RagMemory.Tests.Portal;

/// <summary>A person changes their own password on the portal with the current one.</summary>
[Collection(PortalTestGroup.Name)]
public sealed class MyAccountPageTests : PortalTestContext
{
    private const string Password = "a long enough passphrase";

    public MyAccountPageTests(EmbedderFixture embedder)
        : base(embedder)
    {
        Services.AddSingleton(Options.Create(new IdentityOptions()));
        AddAppAuthorization().SetAuthorized("grace")
            .SetClaims(new Claim("iss", new IdentityOptions().Issuer), new Claim("sub", "grace"), new Claim(Permissions.ClaimType, Permissions.Read));
    }

    private AccountStore Store => Memory.Get<AccountStore>();

    [Fact]
    public async Task The_right_current_password_changes_it()
    {
        await Store.CreateAsync("grace", Password, [Roles.Reader]);
        var cut = Render<MyAccount>();

        Change(cut, Password, "my own new passphrase");

        Assert.NotNull(cut.Find("[data-testid=password-changed]"));
        Assert.Null(await Store.VerifyAsync("grace", Password));
        Assert.NotNull(await Store.VerifyAsync("grace", "my own new passphrase"));
    }

    [Fact]
    public async Task A_wrong_current_password_changes_nothing()
    {
        await Store.CreateAsync("grace", Password, [Roles.Reader]);
        var cut = Render<MyAccount>();

        Change(cut, "not the password at all", "my own new passphrase");

        Assert.StartsWith("400 ·", cut.Find("[data-testid=password-error]").TextContent.Trim(), StringComparison.Ordinal);
        Assert.NotNull(await Store.VerifyAsync("grace", Password));
    }

    private static void Change(IRenderedComponent<MyAccount> cut, string current, string next)
    {
        cut.Fill("#current-password", current);
        cut.Fill("#new-password", next);
        cut.Find("form").Submit();
    }
}
