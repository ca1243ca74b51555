using Bunit;
using RagMemory.Identity;
using RagMemory.Ingestion;
using RagMemory.Portal.Components.Pages;

namespace RagMemory.Tests.Portal;

[Collection(PortalTestGroup.Name)]
public sealed class IngestPageTests : PortalTestContext
{
    public IngestPageTests(EmbedderFixture embedder)
        : base(embedder)
    {
        // Portal actions spend rate-limit permits as the signed-in person, as the API routes do.
        SignIn("analyst", Permissions.Read, Permissions.Write);
    }

    private const string Lovelace = "Ada Lovelace wrote the first program for the Analytical Engine.";

    [Fact]
    public void Submitted_text_shows_a_row_whose_status_becomes_done()
    {
        var cut = Render<Ingest>();

        Submit(cut, "lovelace", Lovelace);

        Assert.Single(cut.FindAll("[data-testid=submission]"));
        cut.WaitForAssertion(() => Assert.Equal(IngestStates.Done, StatusOf(cut, "lovelace")), Patience);
    }

    [Fact]
    public async Task Submitted_text_is_found_by_search_once_its_row_is_done()
    {
        var cut = Render<Ingest>();

        Submit(cut, "lovelace", Lovelace);
        cut.WaitForAssertion(() => Assert.Equal(IngestStates.Done, StatusOf(cut, "lovelace")), Patience);

        var hits = await Memory.Get<RagMemory.Search.HybridSearchService>().SearchAsync("Analytical Engine", 5);
        Assert.Equal("lovelace", hits[0].EventId.ToString());
    }

    [Fact]
    public async Task Empty_text_shows_a_400_problem_naming_text_and_submits_nothing()
    {
        var cut = Render<Ingest>();

        Submit(cut, "empty", "   ");

        Assert.Equal("400 · 'text' must not be empty.", Problem(cut));
        Assert.NotNull(cut.Find("[data-testid=no-submissions]"));
        Assert.Null(await Memory.Get<IngestionService>().FindStatusAsync(RecordId.FromString("empty")));
    }

    [Fact]
    public async Task Metadata_that_is_not_a_json_object_shows_a_400_problem_and_submits_nothing()
    {
        var cut = Render<Ingest>();

        Submit(cut, "bad-metadata", Lovelace, metadata: "{ source: ");

        Assert.Equal("400 · 'metadata' must be a JSON object.", Problem(cut));
        Assert.NotNull(cut.Find("[data-testid=no-submissions]"));
        Assert.Null(await Memory.Get<IngestionService>().FindStatusAsync(RecordId.FromString("bad-metadata")));
    }

    [Fact]
    public async Task Metadata_that_is_a_json_object_is_stored_with_the_event()
    {
        var cut = Render<Ingest>();

        Submit(cut, "with-metadata", Lovelace, metadata: """{ "source": "portal-test" }""");
        cut.WaitForAssertion(() => Assert.Equal(IngestStates.Done, StatusOf(cut, "with-metadata")), Patience);

        var hits = await Memory.Get<RagMemory.Search.HybridSearchService>().SearchAsync("Analytical Engine", 5);
        Assert.Equal("portal-test", hits[0].Metadata?["source"]?.GetValue<string>());
    }

    [Fact]
    public void The_same_id_with_another_text_shows_a_409_problem()
    {
        var cut = Render<Ingest>();
        Submit(cut, "twice", Lovelace);

        Submit(cut, "twice", "Charles Babbage designed the Analytical Engine.");

        Assert.StartsWith("409 · ", Problem(cut), StringComparison.Ordinal);
        Assert.Contains("twice", Problem(cut), StringComparison.Ordinal);
        Assert.Single(cut.FindAll("[data-testid=submission]"));
    }

    [Fact]
    public async Task An_empty_event_id_shows_a_400_problem_naming_id_and_submits_nothing()
    {
        var cut = Render<Ingest>();

        Submit(cut, "  ", Lovelace);

        Assert.StartsWith("400 · 'id' must be", Problem(cut), StringComparison.Ordinal);
        Assert.NotNull(cut.Find("[data-testid=no-submissions]"));
        Assert.Null(await Memory.Get<IngestionService>().FindStatusAsync(RecordId.FromString(string.Empty)));
    }

    /// <summary>Fills the form as a browser does (typing fires input, leaving a field fires change) and submits it.</summary>
    private static void Submit(IRenderedComponent<Ingest> cut, string id, string text, string metadata = "")
    {
        cut.Fill("#ingest-id", id);
        cut.Fill("#ingest-text", text);
        cut.Fill("#ingest-metadata", metadata);
        cut.Find("form").Submit();
    }

    private static string StatusOf(IRenderedComponent<Ingest> cut, string id) =>
        cut.Find($"[data-testid=submission][data-event-id=\"{id}\"] [data-testid=submission-status]").TextContent.Trim();

    private static string Problem(IRenderedComponent<Ingest> cut) => cut.Find("[data-testid=ingest-error]").TextContent.Trim();
}
