using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using RagMemory.Identity;
using RagMemory.Logging;

namespace RagMemory.Tests.Api;

/// <summary>Both sign-in paths slow guessing per address and per (name, address), without locking out the owner elsewhere.</summary>
public sealed class SignInThrottleTests : IAsyncLifetime
{
    private const string Attacker = "203.0.113.7";
    private const string Owner = "198.51.100.20";
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly RagMemoryApiFactory _factory = new();

    public SignInThrottleTests()
    {
        _factory.ServiceOverrides.Add(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(_clock)));
        _factory.ServiceOverrides.Add(TestRemoteAddress.AddTo);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Fifteen_wrong_tokens_then_the_right_password_from_the_same_address_waits_while_the_owner_elsewhere_signs_in()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 15; i++)
        {
            statuses.Add((await TokenAsync(Attacker, "not-the-password")).StatusCode);
        }

        var right = await TokenAsync(Attacker, RagMemoryApiFactory.AdminPassword);

        Assert.Equal(Enumerable.Repeat(HttpStatusCode.Unauthorized, 6), statuses.Take(6));
        Assert.All(statuses.Skip(6), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.NotNull(right.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(Owner, RagMemoryApiFactory.AdminPassword)).StatusCode);

        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(Attacker, RagMemoryApiFactory.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task Each_further_failure_doubles_the_wait()
    {
        for (var i = 0; i < 6; i++)
        {
            await TokenAsync(Attacker, "not-the-password");
        }

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(Attacker, "not-the-password")).StatusCode);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await TokenAsync(Attacker, "not-the-password")).StatusCode);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(Attacker, "not-the-password")).StatusCode);
    }

    [Fact]
    public async Task One_address_guessing_many_names_is_stopped_by_its_own_budget()
    {
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(Attacker, "not-the-password", $"name-{i}")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await TokenAsync(Attacker, "not-the-password", "name-31")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(Owner, RagMemoryApiFactory.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task The_portal_form_is_throttled_too_and_failures_are_logged_without_the_password()
    {
        var browser = new PortalBrowser(_factory) { Address = Attacker };
        var locations = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            var response = await browser.PostFormAsync("/login", "/account/login", Form("guess-number-" + i));
            locations.Add(response.Headers.Location!.OriginalString);
        }

        var right = await browser.PostFormAsync("/login", "/account/login", Form(RagMemoryApiFactory.AdminPassword));

        Assert.All(locations.Take(6), l => Assert.StartsWith("/login?error=1", l, StringComparison.Ordinal));
        Assert.All(locations.Skip(6), l => Assert.StartsWith("/login?error=throttled", l, StringComparison.Ordinal));
        Assert.StartsWith("/login?error=throttled", right.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.False(browser.Cookies.ContainsKey(PortalBrowser.AuthCookie));

        var owner = new PortalBrowser(_factory) { Address = Owner };
        await owner.SignInAsync(BootstrapAdmin.Username, RagMemoryApiFactory.AdminPassword);

        var logs = string.Join("\n", _factory.Services.GetRequiredService<LogRingBuffer>().Query(new LogQuery(Limit: 1000)).Select(r => r.Message));
        Assert.Contains($"Failed sign-in for admin from {Attacker}", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("guess-number-", logs, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Form(string password) => new() { ["username"] = BootstrapAdmin.Username, ["password"] = password, ["returnUrl"] = "/" };

    private async Task<HttpResponseMessage> TokenAsync(string address, string password, string username = BootstrapAdmin.Username)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add(TestRemoteAddress.Header, address);
        return await client.PostAsJsonAsync("/auth/token", new { username, password });
    }
}
