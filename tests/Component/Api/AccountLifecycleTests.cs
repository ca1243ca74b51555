using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using RagMemory.Identity;

namespace RagMemory.Tests.Api;

/// <summary>Disable, delete, new passwords and sign-out end an account's tokens and cookies on their next request.</summary>
public sealed class AccountLifecycleTests(RagMemoryApiFactory factory) : IClassFixture<RagMemoryApiFactory>
{
    private const string Password = "a-long-test-password";

    [Fact]
    public async Task A_well_signed_token_whose_subject_names_no_account_is_refused()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(factory, "ghost", Roles.Admin));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/admin/accounts")).StatusCode);
    }

    [Fact]
    public async Task A_token_of_a_real_account_without_its_stamp_is_refused()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(factory, BootstrapAdmin.Username, Roles.Admin));

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/admin/accounts")).StatusCode);
    }

    [Theory]
    [InlineData("trailing\n")]
    [InlineData("trailing\r\n")]
    public async Task A_username_with_a_trailing_newline_is_refused(string username)
    {
        var admin = await factory.CreateClientAsync();

        var response = await admin.PostAsJsonAsync("/admin/accounts", new { username, password = Password, roles = new[] { Roles.Reader } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_token_and_refuses_its_password_until_enabled()
    {
        var admin = await factory.CreateClientAsync();
        var (name, user) = await NewAccountAsync(admin);
        Assert.Equal(HttpStatusCode.OK, (await user.PostAsJsonAsync("/memory/search", new { query = "x" })).StatusCode);

        var disabled = await admin.PutAsJsonAsync($"/admin/accounts/{name}", new { disabled = true });

        Assert.Equal(HttpStatusCode.OK, disabled.StatusCode);
        var body = await disabled.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("disabled").GetBoolean());
        Assert.Equal("admin", body.GetProperty("disabled_by").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await user.PostAsJsonAsync("/memory/search", new { query = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().PostAsJsonAsync("/auth/token", new { username = name, password = Password })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/admin/accounts/{name}", new { disabled = false })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().PostAsJsonAsync("/auth/token", new { username = name, password = Password })).StatusCode);
    }

    [Fact]
    public async Task Deleting_an_account_ends_its_token_and_a_second_delete_is_404()
    {
        var admin = await factory.CreateClientAsync();
        var (name, user) = await NewAccountAsync(admin);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/admin/accounts/{name}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await user.PostAsJsonAsync("/memory/search", new { query = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/admin/accounts/{name}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync($"/admin/accounts/{name}", new { disabled = true })).StatusCode);
    }

    [Fact]
    public async Task A_password_reset_ends_old_tokens_and_only_the_new_password_signs_in()
    {
        var admin = await factory.CreateClientAsync();
        var (name, user) = await NewAccountAsync(admin);

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/admin/accounts/{name}", new { password = "short" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/admin/accounts/{name}", new { password = "a-brand-new-password" })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await user.PostAsJsonAsync("/memory/search", new { query = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().PostAsJsonAsync("/auth/token", new { username = name, password = Password })).StatusCode);
        await factory.CreateClientAsync(name, "a-brand-new-password");
    }

    [Fact]
    public async Task A_person_changes_their_own_password_with_the_current_one_and_their_tokens_end()
    {
        var admin = await factory.CreateClientAsync();
        var (name, user) = await NewAccountAsync(admin);

        var wrong = await user.PutAsJsonAsync("/me/password", new { current_password = "not-the-password", new_password = "my-own-new-password" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.NoContent, (await user.PutAsJsonAsync("/me/password", new { current_password = Password, new_password = "my-own-new-password" })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await user.PostAsJsonAsync("/memory/search", new { query = "x" })).StatusCode);
        await factory.CreateClientAsync(name, "my-own-new-password");
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().PutAsJsonAsync("/me/password", new { current_password = Password, new_password = "x" })).StatusCode);
    }

    [Fact]
    public async Task An_admin_cannot_disable_or_delete_themselves_and_every_change_is_audited()
    {
        var admin = await factory.CreateClientAsync();
        var (name, _) = await NewAccountAsync(admin);
        await admin.PutAsJsonAsync($"/admin/accounts/{name}", new { disabled = true });

        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync("/admin/accounts/admin")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PutAsJsonAsync("/admin/accounts/admin", new { disabled = true })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PutAsJsonAsync("/admin/accounts/admin", new { roles = new[] { "reader" } })).StatusCode);

        var audit = await admin.GetFromJsonAsync<JsonElement>("/admin/accounts/audit");
        var entries = audit.EnumerateArray().Where(e => e.GetProperty("username").GetString() == name).Select(e => (e.GetProperty("action").GetString(), e.GetProperty("done_by").GetString())).ToList();
        Assert.Equal([("disabled", "admin"), ("created", "admin")], entries);
    }

    [Fact]
    public async Task A_cookie_kept_from_before_sign_out_no_longer_opens_pages()
    {
        var browser = new PortalBrowser(factory);
        await browser.SignInAsync(BootstrapAdmin.Username, RagMemoryApiFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, await browser.StatusOfAsync("/manage/accounts"));
        var saved = browser.Cookies[PortalBrowser.AuthCookie];

        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostFormAsync("/login", "/account/logout", new Dictionary<string, string>())).StatusCode);

        var replay = new PortalBrowser(factory);
        replay.Cookies[PortalBrowser.AuthCookie] = saved;
        Assert.Equal(HttpStatusCode.Redirect, await replay.StatusOfAsync("/manage/accounts"));
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_the_accounts_other_cookies_and_tokens()
    {
        var admin = await factory.CreateClientAsync();
        var (name, token) = await NewAccountAsync(admin);
        var laptop = new PortalBrowser(factory);
        var phone = new PortalBrowser(factory);
        await laptop.SignInAsync(name, Password);
        await phone.SignInAsync(name, Password);
        Assert.Equal(HttpStatusCode.OK, await phone.StatusOfAsync("/search"));

        await laptop.PostFormAsync("/login", "/account/logout-everywhere", new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Redirect, await phone.StatusOfAsync("/search"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await token.PostAsJsonAsync("/memory/search", new { query = "x" })).StatusCode);
    }

    [Fact]
    public async Task Disabling_an_account_ends_its_open_cookie_and_its_circuits_revalidation()
    {
        var admin = await factory.CreateClientAsync();
        var (name, _) = await NewAccountAsync(admin);
        var browser = new PortalBrowser(factory);
        await browser.SignInAsync(name, Password);
        using var scope = factory.Services.CreateScope();
        var circuit = (RagMemory.Portal.Account.RevalidatingAccountStateProvider)scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>();
        var state = new Microsoft.AspNetCore.Components.Authorization.AuthenticationState(await SignedInPrincipalAsync(name));
        Assert.True(await circuit.IsValidAsync(state));

        await admin.PutAsJsonAsync($"/admin/accounts/{name}", new { disabled = true });

        Assert.Equal(HttpStatusCode.Redirect, await browser.StatusOfAsync("/search"));
        Assert.False(await circuit.IsValidAsync(state));
        Assert.True(RagMemory.Portal.Account.RevalidatingAccountStateProvider.Interval <= TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_provider_users_cookie_ends_with_its_session_here()
    {
        var accounts = factory.Services.GetRequiredService<AccountStore>();
        using var scope = factory.Services.CreateScope();
        var circuit = (RagMemory.Portal.Account.RevalidatingAccountStateProvider)scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider>();
        var session = await accounts.StartSessionAsync(AccountClaims.ProviderSessionOwner("provider-user"));
        static Microsoft.AspNetCore.Components.Authorization.AuthenticationState State(params Claim[] claims) =>
            new(new ClaimsPrincipal(new ClaimsIdentity([new Claim("iss", "https://idp.example"), new Claim("sub", "provider-user"), .. claims], "Cookies", "name", "role")));

        Assert.True(await circuit.IsValidAsync(State(new Claim(AccountClaims.SessionClaim, session))));
        Assert.False(await circuit.IsValidAsync(State()));

        await accounts.EndSessionsAsync(AccountClaims.ProviderSessionOwner("provider-user"));
        Assert.False(await circuit.IsValidAsync(State(new Claim(AccountClaims.SessionClaim, session))));
    }

    [Fact]
    public async Task The_portal_cookie_ends_at_its_absolute_lifetime_however_busy_its_holder()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var timed = new RagMemoryApiFactory();
        timed.Settings["Identity:CookieLifetime"] = "02:00:00";
        timed.ServiceOverrides.Add(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        var browser = new PortalBrowser(timed);
        await browser.SignInAsync(BootstrapAdmin.Username, RagMemoryApiFactory.AdminPassword);

        for (var minutes = 0; minutes < 110; minutes += 10)
        {
            clock.Advance(TimeSpan.FromMinutes(10));
            Assert.Equal(HttpStatusCode.OK, await browser.StatusOfAsync("/search"));
        }

        clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(HttpStatusCode.Redirect, await browser.StatusOfAsync("/search"));
    }

    [Fact]
    public async Task Another_replicas_change_is_seen_within_the_stated_cache_time()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var database = factory.Services.GetRequiredService<RagMemory.Storage.SqliteDatabase>();
        var options = Microsoft.Extensions.Options.Options.Create(new IdentityOptions());
        var here = new AccountStore(new RagMemory.State.Embedded.SqliteAccountRepository(database), clock, options);
        var replica = new AccountStore(new RagMemory.State.Embedded.SqliteAccountRepository(database), clock, options);
        var account = await here.CreateAsync($"replica-{Guid.NewGuid():N}"[..16], Password, [Roles.Reader]);
        Assert.True(await replica.IsCurrentAsync(account.Username, account.SecurityStamp));

        await here.UpdateAsync(account.Username, roles: null, disabled: true, password: null, "admin");

        Assert.False(await here.IsCurrentAsync(account.Username, account.SecurityStamp));
        clock.Advance(options.Value.StampCacheDuration);
        Assert.False(await replica.IsCurrentAsync(account.Username, account.SecurityStamp));
        Assert.Equal(TimeSpan.FromSeconds(5), options.Value.StampCacheDuration);
    }

    private async Task<ClaimsPrincipal> SignedInPrincipalAsync(string name)
    {
        var accounts = factory.Services.GetRequiredService<AccountStore>();
        var account = (await accounts.FindAsync(name))!;
        var claims = AccountClaims.For(account, "ragmemory");
        claims.Add(new Claim(AccountClaims.SessionClaim, await accounts.StartSessionAsync(name)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, "Cookies", "name", "role"));
    }

    private async Task<(string Name, HttpClient Client)> NewAccountAsync(HttpClient admin)
    {
        var name = $"user-{Guid.NewGuid():N}"[..16];
        (await admin.PostAsJsonAsync("/admin/accounts", new { username = name, password = Password, roles = new[] { Roles.Writer } })).EnsureSuccessStatusCode();
        return (name, await factory.CreateClientAsync(name, Password));
    }

    /// <summary>A token signed with the app's own key, for the right issuer and audience, but minted outside the issuer.</summary>
    private static string Token(RagMemoryApiFactory factory, string subject, string role) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = "ragmemory",
        Audience = "ragmemory-api",
        Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("name", subject), new Claim("role", role)]),
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(factory.Services.GetRequiredService<SigningKeyProvider>().Key, SecurityAlgorithms.HmacSha256),
    });
}
