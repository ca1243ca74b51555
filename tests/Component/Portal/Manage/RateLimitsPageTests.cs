using Bunit;
using RagMemory.Errors;
using RagMemory.Portal.Components.Pages.Admin;
using RagMemory.RateLimiting;

namespace RagMemory.Tests.Portal.Manage;

[Collection(PortalTestGroup.Name)]
public sealed class RateLimitsPageTests(EmbedderFixture embedder) : ManagePageTestContext(embedder)
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(2);

    private RateLimitRegistry Registry => Memory.Get<RateLimitRegistry>();

    [Fact]
    public void Each_policy_is_listed_with_its_permit_limit_and_window()
    {
        var cut = Render<RateLimits>();

        Assert.Equal(RateLimitPolicies.All, cut.FindAll("[data-testid=rate-limit]").Select(row => row.GetAttribute("data-policy")));
        foreach (var policy in Registry.Snapshot())
        {
            Assert.Equal(policy.PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture), cut.Find($"#limit-{policy.Name}").GetAttribute("value"));
            Assert.Equal(policy.WindowSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), cut.Find($"#window-{policy.Name}").GetAttribute("value"));
        }
    }

    [Fact]
    public void A_saved_limit_applies_to_the_live_limiter_at_once()
    {
        var cut = Render<RateLimits>();

        cut.Fill($"#limit-{RateLimitPolicies.Search}", "2");
        cut.Fill($"#window-{RateLimitPolicies.Search}", "600");
        Save(cut, RateLimitPolicies.Search);

        var search = Registry.Snapshot().Single(p => p.Name == RateLimitPolicies.Search);
        Assert.Equal((2, 600), (search.PermitLimit, search.WindowSeconds));
        Registry.Acquire(RateLimitPolicies.Search, "someone");
        Registry.Acquire(RateLimitPolicies.Search, "someone");
        Assert.Throws<RateLimitExceededException>(() => Registry.Acquire(RateLimitPolicies.Search, "someone"));
    }

    [Fact]
    public async Task A_change_made_elsewhere_shows_in_untouched_fields_but_not_over_an_edit_in_progress()
    {
        var cut = Render<RateLimits>();
        cut.Fill($"#limit-{RateLimitPolicies.Ingest}", "7");

        await Registry.UpdateAsync(RateLimitPolicies.Search, 42, 30, "another admin");
        await Registry.UpdateAsync(RateLimitPolicies.Ingest, 99, 30, "another admin");
        Clock.Advance(RefreshInterval);

        cut.WaitForAssertion(() => Assert.Equal("42", cut.Find($"#limit-{RateLimitPolicies.Search}").GetAttribute("value")), Patience);
        Assert.Equal("30", cut.Find($"#window-{RateLimitPolicies.Search}").GetAttribute("value"));
        Assert.Equal("7", cut.Find($"#limit-{RateLimitPolicies.Ingest}").GetAttribute("value"));
    }

    [Fact]
    public async Task A_saved_limit_adds_an_audit_row_naming_who_changed_it()
    {
        var before = Registry.Snapshot().Single(p => p.Name == RateLimitPolicies.Ingest);
        var cut = Render<RateLimits>();
        Assert.NotNull(cut.Find("[data-testid=no-audit]"));

        cut.Fill($"#limit-{RateLimitPolicies.Ingest}", "7");
        Save(cut, RateLimitPolicies.Ingest);

        var row = Assert.Single(cut.FindAll("[data-testid=audit-entry]"));
        Assert.Equal(RateLimitPolicies.Ingest, row.GetAttribute("data-policy"));
        var cells = row.QuerySelectorAll("td").Select(cell => cell.TextContent.Trim()).ToList();
        Assert.Equal($"{before.PermitLimit} / {before.WindowSeconds} s", cells[2]);
        Assert.Equal($"7 / {before.WindowSeconds} s", cells[3]);
        Assert.Equal(Administrator, cells[4]);
        Assert.Equal(Administrator, Assert.Single(await Registry.AuditAsync()).ChangedBy);
    }

    [Fact]
    public async Task Counts_and_chart_follow_the_limiter_on_each_refresh()
    {
        await Registry.UpdateAsync(RateLimitPolicies.GraphRead, 2, 600, "setup");
        var history = Memory.Get<RateLimitHistory>();
        history.Sample();
        var cut = Render<RateLimits>();

        Registry.Acquire(RateLimitPolicies.GraphRead, "someone");
        Registry.Acquire(RateLimitPolicies.GraphRead, "someone");
        Assert.Throws<RateLimitExceededException>(() => Registry.Acquire(RateLimitPolicies.GraphRead, "someone"));
        Assert.Equal("0", Cell(cut, RateLimitPolicies.GraphRead, "permitted"));
        history.Sample();
        Clock.Advance(RefreshInterval);

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("2", Cell(cut, RateLimitPolicies.GraphRead, "permitted"));
            Assert.Equal("1", Cell(cut, RateLimitPolicies.GraphRead, "rejected"));
            Assert.Equal("Last 15 minutes: 2 permitted, 1 rejected", Chart(cut, RateLimitPolicies.GraphRead));
        }, Patience);
        Assert.Equal("Last 15 minutes: 0 permitted, 0 rejected", Chart(cut, RateLimitPolicies.Search));
    }

    [Fact]
    public Task A_closed_page_stops_its_refresh_timer() => AssertClosingStopsTheRefreshTimerAsync<RateLimits>();

    private static void Save(IRenderedComponent<RateLimits> cut, string policy) =>
        cut.Find($"[data-policy={policy}] [data-testid=save-limit]").Click();

    private static string Cell(IRenderedComponent<RateLimits> cut, string policy, string column) =>
        cut.Find($"[data-testid=rate-limit][data-policy={policy}] [data-testid={column}]").TextContent.Trim();

    private static string? Chart(IRenderedComponent<RateLimits> cut, string policy) =>
        cut.Find($"[data-testid=rate-limit][data-policy={policy}] [data-testid=sparkline]").GetAttribute("aria-label");
}
