using RagMemory.Namespaces;
using System.Text.RegularExpressions;
using Bunit;
using RagMemory.Identity;
using RagMemory.Ingestion;
using RagMemory.Portal.Components.Pages;

namespace RagMemory.Tests.Portal;

[Collection(PortalTestGroup.Name)]
public sealed partial class IngestPageTests : PortalTestContext
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
        Assert.Null(await Memory.Get<IngestionService>().FindStatusAsync(MemoryNamespace.Default, RecordId.FromString("empty")));
    }

    [Fact]
    public async Task Metadata_that_is_not_a_json_object_shows_a_400_problem_and_submits_nothing()
    {
        var cut = Render<Ingest>();

        Submit(cut, "bad-metadata", Lovelace, metadata: "{ source: ");

        Assert.Equal("400 · 'metadata' must be a JSON object.", Problem(cut));
        Assert.NotNull(cut.Find("[data-testid=no-submissions]"));
        Assert.Null(await Memory.Get<IngestionService>().FindStatusAsync(MemoryNamespace.Default, RecordId.FromString("bad-metadata")));
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
        Assert.Null(await Memory.Get<IngestionService>().FindStatusAsync(MemoryNamespace.Default, RecordId.FromString(string.Empty)));
    }

    [Fact]
    public void A_problem_names_the_correlation_id_of_the_action()
    {
        var cut = Render<Ingest>();

        Submit(cut, "empty", string.Empty);

        Assert.Matches(CorrelationSuffix(), cut.Find("[data-testid=ingest-error]").TextContent.Trim());
    }

    [Fact]
    public async Task Two_uploaded_files_each_show_progress_until_done_and_their_events_are_stored()
    {
        var cut = Render<Ingest>();

        Upload(cut,
            InputFileContent.CreateFromText("Grace Hopper wrote the first compiler.", "hopper.txt"),
            InputFileContent.CreateFromText("""
                {"id": "turing", "text": "Alan Turing described a universal machine.", "metadata": {"team": "history"}}
                {"text": "Katherine Johnson computed orbital trajectories."}
                """, "pioneers.jsonl"));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("done", PhaseOf(cut, "hopper.txt"));
            Assert.Equal("done", PhaseOf(cut, "pioneers.jsonl"));
        }, Patience);
        Assert.Contains("2 of 2 events done", cut.Find("[data-file-name=\"pioneers.jsonl\"] [data-testid=upload-detail]").TextContent, StringComparison.Ordinal);
        var ingestion = Memory.Get<IngestionService>();
        Assert.Equal(IngestStates.Done, (await ingestion.GetStatusAsync(MemoryNamespace.Default, RecordId.FromString("hopper.txt"))).State);
        Assert.Equal(IngestStates.Done, (await ingestion.GetStatusAsync(MemoryNamespace.Default, RecordId.FromString("turing"))).State);
        Assert.Equal(IngestStates.Done, (await ingestion.GetStatusAsync(MemoryNamespace.Default, RecordId.FromString("pioneers.jsonl:2"))).State);
        var hits = await Memory.Get<RagMemory.Search.HybridSearchService>().SearchAsync("universal machine", 1);
        Assert.Equal("history", hits[0].Metadata?["team"]?.GetValue<string>());
        Assert.Equal("pioneers.jsonl", hits[0].Metadata?["source"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_jsonl_file_with_a_bad_line_is_refused_whole_naming_the_line()
    {
        var cut = Render<Ingest>();

        Upload(cut, InputFileContent.CreateFromText("{\"id\": \"fine\", \"text\": \"A good line.\"}\n{\"id\": \"broken\"}", "mixed.jsonl"));

        cut.WaitForAssertion(() => Assert.Equal("refused", PhaseOf(cut, "mixed.jsonl")));
        Assert.Contains("400 · 'mixed.jsonl' line 2: 'text' must not be empty.", cut.Find("[data-testid=upload-problem]").TextContent, StringComparison.Ordinal);
        Assert.Null(await Memory.Get<IngestionService>().FindStatusAsync(MemoryNamespace.Default, RecordId.FromString("fine")));
    }

    [Theory]
    [InlineData("report.pdf", "not a .txt, .md or .jsonl file")]
    [InlineData("blank.md", "'blank.md' is empty")]
    public void A_file_of_another_type_or_without_text_is_refused(string name, string expected)
    {
        var cut = Render<Ingest>();

        Upload(cut, InputFileContent.CreateFromText(name.EndsWith(".md", StringComparison.Ordinal) ? "  " : "%PDF-1.7", name));

        cut.WaitForAssertion(() => Assert.Equal("refused", PhaseOf(cut, name)));
        Assert.Contains(expected, cut.Find("[data-testid=upload-problem]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_refused()
    {
        var cut = Render<Ingest>();

        Upload(cut, InputFileContent.CreateFromBinary([0x66, 0xC3, 0x28, 0x0A], "latin.txt"));

        cut.WaitForAssertion(() => Assert.Contains("not UTF-8 text", cut.Find("[data-testid=upload-problem]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public void More_files_than_one_upload_takes_are_refused_before_any_is_read()
    {
        var cut = Render<Ingest>();

        Upload(cut, [.. Enumerable.Range(0, Ingest.MaxFiles + 1).Select(i => InputFileContent.CreateFromText($"Text {i}.", $"f{i}.txt"))]);

        Assert.Contains($"at most {Ingest.MaxFiles} files", cut.Find("[data-testid=upload-error]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid=upload]"));
    }

    [Fact]
    public void The_queue_panel_counts_what_was_processed()
    {
        var cut = Render<Ingest>();

        Submit(cut, "counted", Lovelace);

        cut.WaitForAssertion(() => Assert.Equal(IngestStates.Done, StatusOf(cut, "counted")), Patience);

        // The panel refreshes on the page's clock, which the test moves.
        Clock.Advance(TimeSpan.FromSeconds(1));
        cut.WaitForAssertion(() => Assert.Equal("done 1", cut.Find("[data-testid=queue-panel] [data-testid=done]").TextContent.Trim()), Patience);
    }

    [Fact]
    public void A_writer_without_admin_does_not_see_dead_letters()
    {
        var cut = Render<Ingest>();

        Assert.Empty(cut.FindAll("[data-testid=replay-all]"));
        Assert.Empty(cut.FindAll("[data-testid=no-dead-letters]"));
    }

    [Fact]
    public void Each_event_of_an_uploaded_file_spends_one_ingest_permit_and_those_past_the_limit_are_refused_with_429()
    {
        var cut = Render<Ingest>();
        var lines = string.Join("\n", Enumerable.Range(1, 12).Select(i => $$"""{"id": "line-{{i}}", "text": "Line number {{i}} of a long file."}"""));

        Upload(cut, InputFileContent.CreateFromText(lines, "many.jsonl"));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-file-name=\"many.jsonl\"] [data-testid=upload-refusal]").Count), Patience);
        var refusals = cut.FindAll("[data-file-name=\"many.jsonl\"] [data-testid=upload-refusal]").Select(r => r.TextContent.Trim()).ToList();
        Assert.All(refusals, r => Assert.Contains("429", r, StringComparison.Ordinal));
        Assert.StartsWith("line-11: ", refusals[0], StringComparison.Ordinal);
        var ingest = Memory.Get<RagMemory.RateLimiting.RateLimitRegistry>().Snapshot().Single(s => s.Name == RagMemory.RateLimiting.RateLimitPolicies.Ingest);
        Assert.Equal(10, ingest.Permitted);
    }

    [Fact]
    public void Files_of_one_upload_together_may_queue_no_more_than_the_cap()
    {
        var cut = Render<Ingest>();
        static InputFileContent File(string name, int events) => InputFileContent.CreateFromText(
            string.Join("\n", Enumerable.Range(1, events).Select(i => $$"""{"id": "{{name}}-{{i}}", "text": "Line {{i}}."}""")), name);

        Upload(cut, File("first.jsonl", 600), File("second.jsonl", Ingest.MaxEventsPerUpload - 599));

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-file-name=\"second.jsonl\"] [data-testid=upload-problem]")), Patience);
        Assert.Contains($"one upload may queue at most {Ingest.MaxEventsPerUpload}", cut.Find("[data-file-name=\"second.jsonl\"] [data-testid=upload-problem]").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-file-name=\"second.jsonl\"] [data-testid=upload-refusal]"));
    }

    private static void Upload(IRenderedComponent<Ingest> cut, params InputFileContent[] files) =>
        cut.FindComponent<Microsoft.AspNetCore.Components.Forms.InputFile>().UploadFiles(files);

    private static string PhaseOf(IRenderedComponent<Ingest> cut, string fileName) =>
        cut.Find($"[data-testid=upload][data-file-name=\"{fileName}\"] [data-testid=upload-phase]").TextContent.Trim();

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

    /// <summary>The problem shown, without the correlation id that ends it.</summary>
    private static string Problem(IRenderedComponent<Ingest> cut) =>
        CorrelationSuffix().Replace(cut.Find("[data-testid=ingest-error]").TextContent.Trim(), string.Empty);

    [GeneratedRegex(@" \(correlation id [0-9a-f]{32}\)$")]
    private static partial Regex CorrelationSuffix();
}
