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

/// <summary>
/// The Ingest page when the ingestion queue is full: the chunk store fails every write and the events are retried
/// forever, so nothing finishes and the queue stays at <c>Ingestion:MaxQueueDepth</c>.
/// </summary>
[Collection(PortalTestGroup.Name)]
public sealed class IngestPageBackpressureTests : PortalTestContext
{
    private const int MaxDepth = 2;
    private readonly FaultSwitch _faults = new() { Mode = FaultMode.Fail };

    public IngestPageBackpressureTests(EmbedderFixture embedder)
        : base(embedder) => SignIn("analyst", Permissions.Read, Permissions.Write);

    protected override IReadOnlyDictionary<string, string?> MemorySettings => new Dictionary<string, string?>
    {
        ["Ingestion:MaxQueueDepth"] = MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Ingestion:QueueFullRetryAfter"] = "00:00:20",
        ["Ingestion:MaxAttempts"] = "10000",
        ["Ingestion:RetryMaxDelay"] = "00:00:01",
    };

    protected override void ConfigureMemory(IServiceCollection services) =>
        services.AddKeyedSingleton(EngineRegistration.Adapter, (sp, _) => TestFaultInjector<IChunkStore>.Wrap(sp.GetRequiredService<HnswSqliteChunkStore>(), _faults));

    [Fact]
    public async Task Text_submitted_to_a_full_queue_shows_a_503_saying_so_keeps_the_text_and_stores_nothing()
    {
        await FillQueueAsync(MaxDepth);
        var cut = Render<Ingest>();

        cut.Fill("#ingest-id", "refused");
        cut.Fill("#ingest-text", "A text the full queue cannot take.");
        cut.Find("form").Submit();

        var problem = cut.Find("[data-testid=ingest-error]").TextContent;
        Assert.StartsWith($"503 · The ingestion queue is full ({MaxDepth} events waiting, at most {MaxDepth}); nothing was queued. Try again in 20 s", problem, StringComparison.Ordinal);
        Assert.Contains("submit it again once the queue has drained", cut.Find("[data-testid=ingest-queue-full]").TextContent, StringComparison.Ordinal);
        Assert.Equal("A text the full queue cannot take.", cut.Find("#ingest-text").GetAttribute("value"));
        Assert.Null(await Memory.Get<IngestionService>().FindStatusAsync(MemoryNamespace.Default, RecordId.FromString("refused")));
    }

    [Fact]
    public async Task An_upload_into_a_nearly_full_queue_queues_what_fits_and_says_how_much_was_not_queued()
    {
        await FillQueueAsync(MaxDepth - 1);
        var cut = Render<Ingest>();
        var lines = string.Join("\n", Enumerable.Range(1, 3).Select(i => $$"""{"id": "line-{{i}}", "text": "Line number {{i}}."}"""));

        cut.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(InputFileContent.CreateFromText(lines, "three.jsonl"));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=upload-queue-full]")), Patience);
        Assert.Equal(
            "The ingestion queue is full: 1 of 3 events were queued, the other 2 were not. Choose the file again in 20 s; events already queued are not queued twice.",
            cut.Find("[data-testid=upload-queue-full]").TextContent.Trim());
        var refusals = cut.FindAll("[data-testid=upload-refusal]").Select(r => r.TextContent.Trim()).ToList();
        Assert.Equal(2, refusals.Count);
        Assert.All(refusals, r => Assert.Contains("503 · The ingestion queue is full", r, StringComparison.Ordinal));
        var ingestion = Memory.Get<IngestionService>();
        Assert.NotNull(await ingestion.FindStatusAsync(MemoryNamespace.Default, RecordId.FromString("line-1")));
        Assert.Null(await ingestion.FindStatusAsync(MemoryNamespace.Default, RecordId.FromString("line-2")));
        Assert.Null(await ingestion.FindStatusAsync(MemoryNamespace.Default, RecordId.FromString("line-3")));
    }

    /// <summary>Events the failing chunk store keeps unfinished, submitted as the API would.</summary>
    private async Task FillQueueAsync(int events)
    {
        for (var i = 0; i < events; i++)
        {
            await Memory.Get<IngestionService>().SubmitAsync(MemoryNamespace.Default, RecordId.FromString($"held-{i}"), $"Held text {i}.", null);
        }
    }
}
