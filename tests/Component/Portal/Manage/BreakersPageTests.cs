using Bunit;
using MudBlazor;
using RagMemory.Portal.Components.Pages.Admin;
using RagMemory.Resilience;

namespace RagMemory.Tests.Portal.Manage;

[Collection(PortalTestGroup.Name)]
public sealed class BreakersPageTests(EmbedderFixture embedder) : ManagePageTestContext(embedder)
{
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private BackendPipelines Pipelines => Memory.Get<BackendPipelines>();

    [Fact]
    public void Each_backend_is_listed_with_its_breaker_state()
    {
        var cut = Render<Breakers>();

        Assert.Equal(Backends.All, cut.FindAll("[data-testid=breaker]").Select(row => row.GetAttribute("data-backend")));
        Assert.All(Backends.All, backend => Assert.Equal("closed", State(cut, backend)));
    }

    [Fact]
    public void Isolating_asks_for_confirmation_and_then_isolates_the_backend()
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<Breakers>();

        Click(cut, Backends.VectorStore, "isolate");
        var confirm = dialogs.WaitForElement(".mud-dialog", Patience);
        Assert.Contains("Isolate vector_store?", confirm.TextContent, StringComparison.Ordinal);
        Assert.Equal("closed", Pipelines[Backends.VectorStore].Status().State);
        Answer(dialogs, "Isolate");

        cut.WaitForAssertion(() => Assert.Equal("isolated", State(cut, Backends.VectorStore)), Patience);
        Assert.Equal("isolated", Pipelines[Backends.VectorStore].Status().State);
        Assert.Equal("closed", Pipelines[Backends.KeywordIndex].Status().State);
    }

    [Fact]
    public void Cancelling_the_confirmation_leaves_the_backend_alone()
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<Breakers>();

        Click(cut, Backends.GraphStore, "isolate");
        Answer(dialogs, "Cancel");

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")), Patience);
        Assert.Equal("closed", Pipelines[Backends.GraphStore].Status().State);
        Assert.Equal("closed", State(cut, Backends.GraphStore));
    }

    [Fact]
    public async Task Resetting_an_isolated_backend_after_confirmation_closes_its_breaker()
    {
        await Pipelines[Backends.Embedder].IsolateAsync();
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<Breakers>();
        Assert.Equal("isolated", State(cut, Backends.Embedder));

        Click(cut, Backends.Embedder, "reset");
        Answer(dialogs, "Reset");

        cut.WaitForAssertion(() => Assert.Equal("closed", State(cut, Backends.Embedder)), Patience);
        Assert.Equal("closed", Pipelines[Backends.Embedder].Status().State);
    }

    [Fact]
    public async Task A_state_changed_elsewhere_shows_on_the_next_refresh()
    {
        var cut = Render<Breakers>();

        await Pipelines[Backends.IngestionQueue].IsolateAsync();
        Assert.Equal("closed", State(cut, Backends.IngestionQueue));
        Clock.Advance(RefreshInterval);

        cut.WaitForAssertion(() => Assert.Equal("isolated", State(cut, Backends.IngestionQueue)), Patience);
    }

    [Fact]
    public Task A_closed_page_stops_its_refresh_timer() => AssertClosingStopsTheRefreshTimerAsync<Breakers>();

    private static string State(IRenderedComponent<Breakers> cut, string backend) =>
        cut.Find($"[data-testid=breaker][data-backend={backend}] [data-testid=breaker-state]").TextContent.Trim();

    private static void Click(IRenderedComponent<Breakers> cut, string backend, string action) =>
        cut.Find($"[data-testid=breaker][data-backend={backend}] [data-testid={action}]").Click();

    /// <summary>Presses the button of the confirmation dialog that reads <paramref name="answer"/>.</summary>
    private static void Answer(IRenderedComponent<MudDialogProvider> dialogs, string answer)
    {
        dialogs.WaitForElement(".mud-dialog", Patience);
        dialogs.FindAll(".mud-dialog button").Single(button => button.TextContent.Trim() == answer).Click();
    }
}
