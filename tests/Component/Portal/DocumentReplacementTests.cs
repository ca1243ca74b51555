using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RagMemory.Engines;
using RagMemory.Identity;
using RagMemory.Ingestion;
using RagMemory.Namespaces;
using RagMemory.Portal.Components.Documents;
using RagMemory.Portal.Components.Pages;
using RagMemory.Tests.Resilience;
using RagMemory.Vectors;
using RagMemory.Vectors.Embedded;

namespace RagMemory.Tests.Portal;

/// <summary>
/// A writer replaces an event's text from the Documents page's source panel, through the same service as
/// <c>PUT /ingest/{id}</c>. The chunk store can be made to fail, so that a replacement stays pending.
/// </summary>
[Collection(PortalTestGroup.Name)]
public sealed class DocumentReplacementTests : PortalTestContext
{
    private readonly FaultSwitch _faults = new() { Mode = FaultMode.Pass };

    public DocumentReplacementTests(EmbedderFixture embedder)
        : base(embedder) => SignIn("editor", Permissions.Read, Permissions.Write);

    protected override IReadOnlyDictionary<string, string?> MemorySettings => new Dictionary<string, string?>
    {
        ["Ingestion:MaxAttempts"] = "10000",
        ["Ingestion:RetryMaxDelay"] = "00:00:01",
    };

    protected override void ConfigureMemory(IServiceCollection services) =>
        services.AddKeyedSingleton(EngineRegistration.Adapter, (sp, _) => TestFaultInjector<IChunkStore>.Wrap(sp.GetRequiredService<HnswSqliteChunkStore>(), _faults));

    [Fact]
    public async Task Replacing_opens_the_current_text_makes_a_new_version_and_keeps_the_metadata()
    {
        await Memory.IngestAsync("fact", "The Analytical Engine was never finished.", new() { ["team"] = "history" });
        var (dialogs, cut) = Open("fact");

        cut.Find("[aria-label='Replace text of fact']").Click();
        dialogs.WaitForAssertion(() => Assert.Equal("The Analytical Engine was never finished.", dialogs.Find("#replace-text").GetAttribute("value") ?? dialogs.Find("#replace-text").TextContent), Patience);
        dialogs.Fill("#replace-text", "Babbage's Difference Engine No. 2 was built in 1991.");
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Replace").Click();

        cut.WaitForAssertion(() => Assert.Equal("Version 2 of event fact is queued; searches show version 1 until it is done.", cut.Find("[data-testid=replace-outcome]").TextContent.Trim()), Patience);
        Assert.Contains("replacement version 2", cut.Find("[data-testid=source-status]").TextContent, StringComparison.Ordinal);

        var ingestion = Memory.Get<IngestionService>();
        await WaitUntilAsync(async () => (await ingestion.GetStatusAsync(MemoryNamespace.Default, RecordId.FromString("fact"))) is { Version: 2, Replacement: null });
        var current = await ingestion.GetEventAsync(MemoryNamespace.Default, RecordId.FromString("fact"));
        Assert.Equal("Babbage's Difference Engine No. 2 was built in 1991.", current.Event.Text);
        Assert.Equal("history", current.Event.Metadata["team"]!.GetValue<string>());

        cut.Find("[aria-label='Open event fact']").Click();
        cut.WaitForAssertion(() => Assert.EndsWith("version 2", cut.Find("[data-testid=source-status]").TextContent.Trim(), StringComparison.Ordinal), Patience);
    }

    [Fact]
    public async Task The_same_text_again_makes_no_new_version()
    {
        await Memory.IngestAsync("same", "Grace Hopper found a moth in the relay.");
        var (dialogs, cut) = Open("same");

        cut.Find("[aria-label='Replace text of same']").Click();
        dialogs.WaitForElement("#replace-text", Patience);
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Replace").Click();

        cut.WaitForAssertion(() => Assert.StartsWith("Unchanged", cut.Find("[data-testid=replace-outcome]").TextContent.Trim(), StringComparison.Ordinal), Patience);
        var status = await Memory.Get<IngestionService>().GetStatusAsync(MemoryNamespace.Default, RecordId.FromString("same"));
        Assert.Equal(1, status.Version);
        Assert.Null(status.Replacement);
    }

    [Fact]
    public async Task A_second_replacement_while_the_first_is_pending_is_a_409_and_the_first_stays()
    {
        await Memory.IngestAsync("busy", "Katherine Johnson checked the orbit by hand.");
        _faults.Mode = FaultMode.Fail;
        await Memory.Get<IngestionService>().ReplaceAsync(MemoryNamespace.Default, RecordId.FromString("busy"), "A first replacement that cannot finish.", []);
        var (dialogs, cut) = Open("busy");

        cut.Find("[aria-label='Replace text of busy']").Click();
        dialogs.WaitForElement("#replace-text", Patience);
        dialogs.Fill("#replace-text", "A second replacement.");
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Replace").Click();

        cut.WaitForAssertion(() => Assert.StartsWith("409", cut.Find("[data-testid=documents-error]").TextContent.Trim(), StringComparison.Ordinal), Patience);
        Assert.Empty(cut.FindAll("[data-testid=replace-outcome]"));
        var status = await Memory.Get<IngestionService>().GetStatusAsync(MemoryNamespace.Default, RecordId.FromString("busy"));
        Assert.Equal(2, status.Replacement?.Version);
        Assert.Equal(1, status.Version);
    }

    [Fact]
    public void The_version_line_names_a_waiting_replacement_and_its_error()
    {
        var at = DateTimeOffset.UnixEpoch;
        var id = RecordId.FromString("x");
        Assert.Equal("version 3", EventActions.VersionLine(new IngestStatus(id, IngestStates.Done, 1, null, at, at, 3)));
        Assert.Equal("version 3 · replacement version 4 failed: disk full",
            EventActions.VersionLine(new IngestStatus(id, IngestStates.Done, 1, null, at, at, 3, new ReplacementStatus(4, IngestStates.Failed, 2, "disk full", at))));
    }

    private (IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<Documents> Page) Open(string id)
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<Documents>();
        cut.WaitForElement($"[aria-label='Open event {id}']", Patience);
        cut.Find($"[aria-label='Open event {id}']").Click();
        cut.WaitForElement($"[aria-label='Replace text of {id}']", Patience);
        return (dialogs, cut);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The replacement did not finish within a minute.");
            await Task.Delay(50);
        }
    }
}
