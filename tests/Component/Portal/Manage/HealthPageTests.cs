using System.Text.RegularExpressions;
using Bunit;
using Microsoft.Extensions.Options;
using RagMemory.Api.Health;
using RagMemory.Ingestion;
using RagMemory.Namespaces;
using RagMemory.Portal.Components.Pages.Admin;
using RagMemory.Resilience;
using RagMemory.Storage;

namespace RagMemory.Tests.Portal.Manage;

[Collection(PortalTestGroup.Name)]
public sealed partial class HealthPageTests(EmbedderFixture embedder) : ManagePageTestContext(embedder)
{
    private static readonly string[] ReadinessChecks = [Backends.Embedder, Backends.VectorStore, Backends.KeywordIndex, Backends.GraphStore, Backends.IngestionQueue, BackendHealthChecks.State];

    [Fact]
    public void Each_backend_is_shown_ready()
    {
        var cut = Render<Health>();

        cut.WaitForAssertion(() => Assert.Equal(ReadinessChecks, cut.FindAll("[data-testid=health-check]").Select(row => row.GetAttribute("data-backend"))), Patience);
        Assert.All(ReadinessChecks, backend => Assert.Equal("Healthy", Status(cut, backend)));
        Assert.Equal("Overall: Healthy", cut.Find("[data-testid=overall-status]").TextContent.Trim());
    }

    [Fact]
    public async Task An_isolated_backend_is_shown_unhealthy()
    {
        await Memory.Get<BackendPipelines>()[Backends.KeywordIndex].IsolateAsync();

        var cut = Render<Health>();

        cut.WaitForAssertion(() => Assert.Equal("Unhealthy", Status(cut, Backends.KeywordIndex)), Patience);
        Assert.Equal("Healthy", Status(cut, Backends.VectorStore));
        Assert.Equal("Overall: Unhealthy", cut.Find("[data-testid=overall-status]").TextContent.Trim());
    }

    [Fact]
    public void Each_engine_is_shown_as_its_adapter_describes_it_with_where_it_lives_and_what_it_holds()
    {
        var storage = Memory.Get<IOptions<StorageOptions>>().Value;

        var cut = Render<Health>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=engine]")), Patience);
        Assert.Equal(
            ["USearch HNSW over SQLite", "USearch HNSW over SQLite"],
            cut.FindAll("[data-testid=engine][data-backend=vector_store] [data-testid=engine-name]").Select(cell => cell.TextContent.Trim()));
        Assert.Equal(storage.DatabasePath, Cell(cut, Backends.KeywordIndex, "engine-location"));
        Assert.Equal("SQLite FTS5 (BM25)", Cell(cut, Backends.KeywordIndex, "engine-name"));
        // The database file alone is some KiB; the size is never zero once the engines have started.
        Assert.Matches(ChunksAndDatabaseFile(), Cell(cut, Backends.KeywordIndex, "engine-holds"));
        Assert.Contains(Path.GetFullPath(storage.DataDirectory), cut.Find("[data-testid=engine][data-backend=vector_store] [data-testid=engine-location]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refreshing_shows_the_queue_counts_after_an_ingestion()
    {
        var cut = Render<Health>();
        cut.WaitForAssertion(() => Assert.Equal("0", Count(cut, "done")), Patience);

        await Memory.IngestAsync("lovelace", "Ada Lovelace wrote the first program.");
        cut.Find("[data-testid=refresh-health]").Click();

        cut.WaitForAssertion(() => Assert.Equal("1", Count(cut, "done")), Patience);
        Assert.Equal(["0", "0", "0", "0"], new[] { "queued", "processing", "failed", "dead-lettered" }.Select(column => Count(cut, column)));
    }

    [Fact]
    public async Task The_namespaces_table_counts_each_namespace_apart()
    {
        await Memory.IngestAsync("health-a", "Grace Hopper built the first compiler.", ns: MemoryNamespace.Parse("health-team"));

        var cut = Render<Health>();

        cut.WaitForAssertion(() => Assert.Contains("health-team", cut.FindAll("[data-testid=namespace-count]").Select(r => r.GetAttribute("data-namespace"))), Patience);
        var row = cut.Find("[data-testid=namespace-count][data-namespace=health-team]");
        Assert.Equal("1", row.QuerySelector("[data-testid=ns-events]")!.TextContent.Trim());
        Assert.Equal("1", row.QuerySelector("[data-testid=ns-chunks]")!.TextContent.Trim());
        Assert.Equal("0", row.QuerySelector("[data-testid=ns-vectors]")!.TextContent.Trim());
        Assert.NotEqual("0", row.QuerySelector("[data-testid=ns-nodes]")!.TextContent.Trim());
        Assert.Equal("0", cut.Find("[data-testid=namespace-count][data-namespace=default] [data-testid=ns-chunks]").TextContent.Trim());
    }

    private static string Status(IRenderedComponent<Health> cut, string backend) =>
        cut.Find($"[data-testid=health-check][data-backend={backend}] [data-testid=health-status]").TextContent.Trim();

    private static string Count(IRenderedComponent<Health> cut, string column) =>
        cut.Find($"[data-testid=queue-counts] [data-testid={column}]").TextContent.Trim();

    private static string Cell(IRenderedComponent<Health> cut, string backend, string cell) =>
        cut.Find($"[data-testid=engine][data-backend={backend}] [data-testid={cell}]").TextContent.Trim();

    [GeneratedRegex(@"^[0-9,]+ chunks, database file [1-9][0-9.]* (B|KiB|MiB|GiB)$")]
    private static partial Regex ChunksAndDatabaseFile();
}
