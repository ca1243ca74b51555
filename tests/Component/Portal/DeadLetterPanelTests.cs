using RagMemory.Namespaces;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RagMemory.Engines;
using RagMemory.Identity;
using RagMemory.Ingestion;
using RagMemory.Portal.Components.Pages;
using RagMemory.Tests.Resilience;
using RagMemory.Vectors;
using RagMemory.Vectors.Embedded;

namespace RagMemory.Tests.Portal;

/// <summary>The Ingest page's dead letters, made real: the vector store fails every write, so each event dies after its one attempt.</summary>
[Collection(PortalTestGroup.Name)]
public sealed class DeadLetterPanelTests : PortalTestContext
{
    private readonly FaultSwitch _faults = new() { Mode = FaultMode.Fail };

    public DeadLetterPanelTests(EmbedderFixture embedder)
        : base(embedder) => SignIn("operator", Permissions.Read, Permissions.Write, Permissions.Admin);

    protected override IReadOnlyDictionary<string, string?> MemorySettings => new Dictionary<string, string?>
    {
        ["Ingestion:MaxAttempts"] = "1",
        // The breaker must not open on these few failures, so that a replay reaches the store.
        ["Resilience:Backends:vector_store:MinimumThroughput"] = "1000",
    };

    protected override void ConfigureMemory(IServiceCollection services) =>
        services.AddKeyedSingleton(EngineRegistration.Adapter, (sp, _) => TestFaultInjector<IChunkStore>.Wrap(sp.GetRequiredService<HnswSqliteChunkStore>(), _faults));

    [Fact]
    public async Task A_dead_letter_is_listed_with_its_error_and_replayed_to_done()
    {
        await DeadLetterAsync("first");
        var cut = Render<Ingest>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=dead-letter][data-event-id=first]")), Patience);
        Assert.Contains("UpstreamFailureException", cut.Find("[data-testid=dead-letter] .dead-letter-error").TextContent, StringComparison.Ordinal);
        Assert.Equal("dead letters 1", cut.Find("[data-testid=dead-lettered]").TextContent.Trim());

        _faults.Mode = FaultMode.Pass;
        cut.Find("[aria-label='Replay first']").Click();

        cut.WaitForAssertion(() => Assert.Contains("Event first queued again.", cut.Find("[data-testid=replay-result]").TextContent, StringComparison.Ordinal));
        await Memory.WaitForStateAsync("first", IngestStates.Done);
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=no-dead-letters]")), Patience);
    }

    [Fact]
    public async Task Replay_all_queues_every_dead_letter_again()
    {
        await DeadLetterAsync("one");
        await DeadLetterAsync("two");
        var cut = Render<Ingest>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=dead-letter]").Count), Patience);

        _faults.Mode = FaultMode.Pass;
        cut.Find("[data-testid=replay-all]").Click();

        cut.WaitForAssertion(() => Assert.Contains("2 dead letters queued again.", cut.Find("[data-testid=replay-result]").TextContent, StringComparison.Ordinal));
        await Memory.WaitForStateAsync("one", IngestStates.Done);
        await Memory.WaitForStateAsync("two", IngestStates.Done);
    }

    private async Task DeadLetterAsync(string id)
    {
        await Memory.Get<IngestionService>().SubmitAsync(MemoryNamespace.Default, RecordId.FromString(id), $"Text of {id} that the vector store will refuse.", null);
        await Memory.WaitForStateAsync(id, IngestStates.DeadLettered);
    }
}
