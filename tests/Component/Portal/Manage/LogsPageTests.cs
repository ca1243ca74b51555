using Bunit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MudBlazor;
using RagMemory.Logging;
using RagMemory.Portal.Components.Pages.Admin;
using Serilog.Context;

namespace RagMemory.Tests.Portal.Manage;

[Collection(PortalTestGroup.Name)]
public sealed partial class LogsPageTests(EmbedderFixture embedder) : ManagePageTestContext(embedder)
{
    [Fact]
    public void Events_logged_by_the_app_are_listed_newest_first()
    {
        Log(LogLevel.Information, "probe-first");
        Log(LogLevel.Information, "probe-second");

        var cut = Render<Logs>();

        Assert.Equal(["Probe probe-second", "Probe probe-first"], Probes(cut));
    }

    [Fact]
    public void An_event_logged_while_the_page_is_open_appears_in_the_live_tail()
    {
        var cut = Render<Logs>();

        Log(LogLevel.Information, "probe-live");

        cut.WaitForAssertion(() => Assert.Contains("Probe probe-live", Probes(cut)), Patience);
    }

    [Fact]
    public void The_minimum_level_hides_less_severe_events()
    {
        Log(LogLevel.Information, "probe-info");
        Log(LogLevel.Warning, "probe-warning");
        var popovers = Render<MudPopoverProvider>();
        var cut = Render<Logs>();

        cut.Find("[data-testid=level-filter]").Closest(".mud-input-control")!.MouseDown();
        popovers.WaitForElement(".mud-popover-open", Patience);
        popovers.FindAll(".mud-popover-open .mud-list-item").Single(item => item.TextContent.Trim() == "Warning").Click();

        cut.WaitForAssertion(() => Assert.Equal(["Probe probe-warning"], Probes(cut)), Patience);
    }

    [Theory]
    [InlineData("#log-text", "KEPT")]
    [InlineData("#log-user", "grace")]
    [InlineData("#log-correlation-id", "request-one")]
    public void A_filter_keeps_only_the_events_that_match_it(string filter, string value)
    {
        Log(LogLevel.Information, "probe-kept", correlationId: "request-one", user: "grace");
        Log(LogLevel.Information, "probe-dropped", correlationId: "request-two", user: "ada");
        var cut = Render<Logs>();
        Assert.Equal(["Probe probe-dropped", "Probe probe-kept"], Probes(cut));

        cut.Fill(filter, value);

        Assert.Equal(["Probe probe-kept"], Probes(cut));
    }

    [Fact]
    public void Clicking_a_correlation_id_shows_only_the_events_of_that_request()
    {
        Log(LogLevel.Information, "probe-start", correlationId: "request-one");
        Log(LogLevel.Information, "probe-other", correlationId: "request-two");
        Log(LogLevel.Information, "probe-end", correlationId: "request-one");
        var cut = Render<Logs>();

        cut.Find("[aria-label='Show events of correlation id request-one']").Click();

        Assert.Equal(["Probe probe-end", "Probe probe-start"], Probes(cut));
        Assert.Equal("request-one", cut.Find("#log-correlation-id").GetAttribute("value"));
    }

    [Fact]
    public async Task A_paused_tail_shows_no_new_events_until_resumed()
    {
        var cut = Render<Logs>();

        cut.Find("[data-testid=pause]").Change(true);
        Log(LogLevel.Information, "probe-paused");
        await cut.InvokeAsync(() => { });

        Assert.NotNull(cut.Find("[data-testid=paused]"));
        Assert.DoesNotContain("Probe probe-paused", Probes(cut));

        cut.Find("[data-testid=pause]").Change(false);

        Assert.Contains("Probe probe-paused", Probes(cut));
    }

    [Fact]
    public void An_event_without_a_signed_in_user_shows_no_user()
    {
        Log(LogLevel.Information, "probe-anonymous");

        var cut = Render<Logs>();

        var row = cut.FindAll("[data-testid=log-event]").Single(row => row.TextContent.Contains("Probe probe-anonymous", StringComparison.Ordinal));
        Assert.Equal(string.Empty, row.QuerySelectorAll("td")[3].TextContent.Trim());
    }

    [Fact]
    public void Without_a_seq_server_there_is_no_seq_link()
    {
        var cut = Render<Logs>();

        Assert.Empty(cut.FindAll("[data-testid=open-in-seq]"));
    }

    [Fact]
    public void With_a_seq_server_the_link_opens_the_chosen_request_there()
    {
        Services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Seq:ServerUrl"] = "http://seq.example:5341/" })
            .Build());
        Log(LogLevel.Information, "probe-seq", correlationId: "request-one");
        var cut = Render<Logs>();
        Assert.Equal("http://seq.example:5341/#/events", cut.Find("[data-testid=open-in-seq]").GetAttribute("href"));

        cut.Find("[aria-label='Show events of correlation id request-one']").Click();

        Assert.Equal("http://seq.example:5341/#/events?filter=CorrelationId%3D'request-one'", cut.Find("[data-testid=open-in-seq]").GetAttribute("href"));
    }

    /// <summary>
    /// Logs through the app's logger, with the correlation id and user the request middleware would push: the user
    /// always, null when nobody is signed in.
    /// </summary>
    private void Log(LogLevel level, string probe, string? correlationId = null, string? user = null)
    {
        var logger = Memory.Get<ILoggerFactory>().CreateLogger<LogsPageTests>();
        using (correlationId is null ? null : LogContext.PushProperty(CorrelationContext.PropertyName, correlationId))
        using (LogContext.PushProperty("User", user))
        {
            LogProbe(logger, level, probe);
        }
    }

    [LoggerMessage(Message = "Probe {Probe}")]
    private static partial void LogProbe(ILogger logger, LogLevel level, string probe);

    /// <summary>The probe events listed, in the page's order; the app's own events are left out.</summary>
    private static List<string> Probes(IRenderedComponent<Logs> cut) =>
        [.. cut.FindAll("[data-testid=log-message]").Select(message => message.TextContent.Trim()).Where(text => text.StartsWith("Probe probe-", StringComparison.Ordinal))];
}
