using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using RagMemory.RateLimiting;
using RagMemory.Tests.E2E.Infrastructure;
using RagMemory.Tests.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace RagMemory.Tests.E2E;

/// <summary>An admin operating the live service from the portal: limits, breakers and logs.</summary>
[Collection(PortalCollection.Name)]
public sealed class AdminJourneyTests(PortalFixture fixture, ITestOutputHelper output)
{
    private const int Unlimited = 10_000;

    [Fact]
    public async Task An_admin_lowers_the_search_limit_and_sees_requests_rejected_on_the_chart()
    {
        await using var session = await fixture.StartSessionAsync(nameof(An_admin_lowers_the_search_limit_and_sees_requests_rejected_on_the_chart), output);
        using var api = await PortalApi.SignInAsync(fixture.BaseAddress);
        var page = session.Page;
        var limits = new RateLimitsPage(page);
        await session.SignInAsync();

        try
        {
            await session.StepAsync("limit-lowered", async () =>
            {
                await limits.GotoAsync();
                await limits.WaitUntilInteractiveAsync();
                await limits.SetLimitAsync(RateLimitPolicies.Search, 3);
                await Expect(limits.AuditEntries.Filter(new() { HasText = "admin" }).First).ToContainTextAsync("3 / 60 s");
            });

            var statuses = new List<HttpStatusCode>();
            for (var i = 0; i < 8; i++)
            {
                statuses.Add((await api.Http.PostAsJsonAsync("/hybrid/search", new { query = "anything at all", limit = 1 })).StatusCode);
            }

            Assert.True(statuses.Count(s => s == HttpStatusCode.TooManyRequests) >= 5, $"Expected at least 5 of 8 searches refused at a limit of 3; got {string.Join(", ", statuses)}.");

            await session.StepAsync("rejections-charted", async () =>
            {
                await Expect(limits.Rejected(RateLimitPolicies.Search)).Not.ToHaveTextAsync("0");
                await Expect(limits.Chart(RateLimitPolicies.Search)).ToHaveAttributeAsync("aria-label", new Regex(@"[1-9]\d* rejected"));
            });
        }
        finally
        {
            await api.SetRateLimitAsync(RateLimitPolicies.Search, Unlimited, 60);
        }
    }

    [Fact]
    public async Task An_admin_isolates_the_embedder_and_search_answers_503_until_the_breaker_is_reset()
    {
        await using var session = await fixture.StartSessionAsync(nameof(An_admin_isolates_the_embedder_and_search_answers_503_until_the_breaker_is_reset), output);
        using var api = await PortalApi.SignInAsync(fixture.BaseAddress);
        var page = session.Page;
        var breakers = new BreakersPage(page);
        var search = new SearchPage(page);
        await session.SignInAsync();

        try
        {
            await session.StepAsync("breaker-isolated", async () =>
            {
                await breakers.GotoAsync();
                await breakers.WaitUntilInteractiveAsync();
                await breakers.IsolateAsync("embedder");
                await Expect(breakers.State("embedder")).ToHaveTextAsync("isolated");
            });

            await session.StepAsync("search-503", async () =>
            {
                await search.GotoAsync();
                await search.WaitUntilInteractiveAsync();
                await search.SearchAsync("Is anything in memory?");
                await Expect(search.Error).ToContainTextAsync("503 · The backend is isolated by an operator");
                await Expect(search.Error).ToContainTextAsync("correlation id");
            });

            await session.StepAsync("breaker-reset", async () =>
            {
                await breakers.GotoAsync();
                await breakers.WaitUntilInteractiveAsync();
                await breakers.ResetAsync("embedder");
                await Expect(breakers.State("embedder")).ToHaveTextAsync("closed");
            });

            await session.StepAsync("search-works-again", async () =>
            {
                await search.GotoAsync();
                await search.WaitUntilInteractiveAsync();
                await search.SearchAsync("Is anything in memory again?");
                await Expect(page.GetByTestId("answer-panel").Or(page.GetByTestId("no-results")).First).ToBeVisibleAsync();
                await Expect(search.Error).ToHaveCountAsync(0);
            });
        }
        finally
        {
            await api.Http.PostAsync("/admin/breakers/embedder/reset", null);
        }
    }

    [Fact]
    public async Task An_admin_finds_every_log_event_of_a_request_and_of_the_ingestion_it_caused_by_its_correlation_id()
    {
        await using var session = await fixture.StartSessionAsync(nameof(An_admin_finds_every_log_event_of_a_request_and_of_the_ingestion_it_caused_by_its_correlation_id), output);
        using var api = await PortalApi.SignInAsync(fixture.BaseAddress);
        var page = session.Page;
        var logs = new LogsPage(page);
        var eventId = $"logged-{Guid.NewGuid():N}"[..20];
        var correlationId = $"e2e-{Guid.NewGuid():N}";
        await api.IngestAsync(eventId, "Rosalind Franklin photographed DNA.", TimeSpan.FromMinutes(2), correlationId);
        await session.SignInAsync();

        await session.StepAsync("request-found-by-text", async () =>
        {
            await logs.GotoAsync();
            await logs.WaitUntilInteractiveAsync();
            await logs.TextFilter.FillAsync(eventId);
            await logs.TextFilter.PressAsync("Enter");
            await Expect(logs.EventsOf(correlationId).First).ToBeVisibleAsync();
        });

        await session.StepAsync("correlation-drill-down", async () =>
        {
            await logs.TextFilter.FillAsync(string.Empty);
            await logs.TextFilter.PressAsync("Enter");
            await logs.CorrelationButton(correlationId).First.ClickAsync();
            await Expect(logs.CorrelationFilter).ToHaveValueAsync(correlationId);
            await Expect(logs.Events.Filter(new() { HasText = eventId }).Filter(new() { HasText = "accepted" })).ToHaveCountAsync(1);
            await Expect(logs.Events.Filter(new() { HasText = eventId }).Filter(new() { HasText = "is done" })).ToHaveCountAsync(1);
            var shown = await logs.Events.CountAsync();
            Assert.True(shown >= 3, $"Expected the request's and the worker's events under {correlationId}; {shown} shown.");
            Assert.Equal(shown, await logs.EventsOf(correlationId).CountAsync());
        });
    }
}
