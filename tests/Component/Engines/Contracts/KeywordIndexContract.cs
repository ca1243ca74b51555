using System.Text.Json.Nodes;
using RagMemory.Ingestion;
using RagMemory.Keywords;
using RagMemory.Namespaces;
using RagMemory.Vectors;

namespace RagMemory.Tests.Engines.Contracts;

/// <summary>
/// What every <see cref="IKeywordIndex"/> adapter must do. A subclass creates a fresh, empty index for each test:
/// SQLite FTS5 here, Qdrant sparse vectors when they exist.
/// </summary>
public abstract class KeywordIndexContract : IAsyncLifetime
{
    private static readonly MemoryNamespace Ns = MemoryNamespace.Default;
    private IKeywordIndex? _index;

    protected IKeywordIndex Index => _index ?? throw new InvalidOperationException("The index is created in InitializeAsync.");

    protected abstract Task<IKeywordIndex> CreateIndexAsync();

    protected abstract Task DeleteIndexAsync(IKeywordIndex index);

    public async Task InitializeAsync() => _index = await CreateIndexAsync();

    public async Task DisposeAsync()
    {
        if (_index is not null)
        {
            await DeleteIndexAsync(_index);
        }
    }

    [ContractFact]
    public async Task Deleting_an_event_removes_its_chunks_from_search_and_reads_and_again_is_harmless()
    {
        await IndexEventAsync(RecordId.FromString("gone"), "The glassblower shaped a blue vase.", "A second glassblower chunk.");
        await IndexEventAsync(RecordId.FromString("kept"), "Another glassblower kept working.");

        await Index.DeleteEventAsync(Ns, RecordId.FromString("gone"));
        await Index.DeleteEventAsync(Ns, RecordId.FromString("gone"));

        Assert.Equal(RecordId.FromString("kept"), Assert.Single(await Index.SearchAsync(Ns, "glassblower", 10)).Document.EventId);
        Assert.Empty(await Index.GetChunksAsync(Ns, [RecordId.FromString("gone")]));
    }

    [ContractFact]
    public async Task Namespaces_keep_the_same_event_apart_in_search_reads_and_deletes()
    {
        var other = MemoryNamespace.Parse("other-team");
        var eventId = RecordId.FromString("shared");
        await Index.ReplaceEventAsync(Ns, eventId, [Document(eventId, 0, "Our cartographer drew the coast.")]);
        await Index.ReplaceEventAsync(other, eventId, [Document(eventId, 0, "Their cartographer drew the river.")]);

        Assert.Equal("Our cartographer drew the coast.", Assert.Single(await Index.SearchAsync(Ns, "cartographer", 10)).Document.Text);
        await Index.DeleteEventAsync(other, eventId);
        Assert.Equal("Our cartographer drew the coast.", Assert.Single(await Index.GetChunksAsync(Ns, [eventId])).Text);
        Assert.Empty(await Index.SearchAsync(other, "cartographer", 10));
    }

    [ContractFact]
    public async Task Search_finds_a_chunk_by_a_word_it_contains()
    {
        await IndexEventAsync(RecordId.FromString("e1"), "The lighthouse keeper rang the bell.", "Gulls circled the harbour.");
        await IndexEventAsync(RecordId.FromString("e2"), "A baker sold bread at dawn.");

        var hit = Assert.Single(await Index.SearchAsync(Ns, "harbour", 10));

        Assert.Equal(RecordId.FromString("e1"), hit.Document.EventId);
        Assert.Equal(1, hit.Document.ChunkIndex);
        Assert.Equal("Gulls circled the harbour.", hit.Document.Text);
        Assert.True(hit.Score > 0, $"BM25 score {hit.Score} should be positive");
    }

    [ContractFact]
    public async Task ReplaceEvent_removes_every_previous_chunk_of_that_event()
    {
        var eventId = RecordId.FromString("e1");
        await IndexEventAsync(eventId, "Original wording about turbines.", "More original wording about rotors.");

        await IndexEventAsync(eventId, "Revised wording about windmills.");

        Assert.Empty(await Index.SearchAsync(Ns, "turbines", 10));
        Assert.Empty(await Index.SearchAsync(Ns, "rotors", 10));
        Assert.Equal(["Revised wording about windmills."], (await Index.GetChunksAsync(Ns, [eventId])).Select(d => d.Text));
        Assert.Equal(eventId, Assert.Single(await Index.SearchAsync(Ns, "windmills", 10)).Document.EventId);
    }

    [ContractFact]
    public async Task ReplaceEvent_leaves_other_events_alone()
    {
        await IndexEventAsync(RecordId.FromString("e1"), "Copper wire conducts well.");
        await IndexEventAsync(RecordId.FromString("e2"), "Copper pipes carry water.");

        await IndexEventAsync(RecordId.FromString("e1"), "Silver conducts even better.");

        Assert.Equal(RecordId.FromString("e2"), Assert.Single(await Index.SearchAsync(Ns, "copper", 10)).Document.EventId);
    }

    [ContractFact]
    public async Task ReplaceEvent_twice_with_the_same_chunks_keeps_one_copy()
    {
        var eventId = RecordId.FromInteger(9);
        await IndexEventAsync(eventId, "Idempotent ingestion of a chunk.");
        await IndexEventAsync(eventId, "Idempotent ingestion of a chunk.");

        Assert.Single(await Index.GetChunksAsync(Ns, [eventId]));
        Assert.Single(await Index.SearchAsync(Ns, "idempotent", 10));
    }

    [ContractFact]
    public async Task Search_ranks_the_chunk_where_the_term_weighs_more_first()
    {
        await IndexEventAsync(RecordId.FromString("dense"), "Lighthouse lamps: the lighthouse keeper cleaned every lighthouse lamp.");
        await IndexEventAsync(RecordId.FromString("sparse"),
            "The coastal town had a market, a school, a church, two bakeries, a harbour with fishing boats, a long pier and, at the far end of the cliffs, one old lighthouse.");
        await IndexEventAsync(RecordId.FromString("other-1"), "Farmers planted wheat in spring.");
        await IndexEventAsync(RecordId.FromString("other-2"), "The orchestra tuned its violins.");
        await IndexEventAsync(RecordId.FromString("other-3"), "Engineers inspected the bridge cables.");

        var hits = await Index.SearchAsync(Ns, "lighthouse", 10);

        Assert.Equal(["dense", "sparse"], hits.Select(h => h.Document.EventId.ToString()));
        Assert.True(hits[0].Score > hits[1].Score, $"{hits[0].Score} should exceed {hits[1].Score}");
    }

    [ContractFact]
    public async Task Search_ranks_a_chunk_matching_more_query_terms_first()
    {
        await IndexEventAsync(RecordId.FromString("both"), "Volcanic ash grounded flights across Iceland.");
        await IndexEventAsync(RecordId.FromString("one"), "Volcanic soil is fertile for vineyards.");
        await IndexEventAsync(RecordId.FromString("none"), "Tides follow the moon.");

        var hits = await Index.SearchAsync(Ns, "volcanic ash", 10);

        Assert.Equal(["both", "one"], hits.Select(h => h.Document.EventId.ToString()));
    }

    [ContractFact]
    public async Task Search_is_not_case_sensitive()
    {
        await IndexEventAsync(RecordId.FromString("e1"), "NASA launched the Artemis rocket.");

        Assert.Single(await Index.SearchAsync(Ns, "nasa ARTEMIS", 10));
    }

    [ContractFact]
    public async Task Search_returns_at_most_limit_hits()
    {
        for (var i = 0; i < 6; i++)
        {
            await IndexEventAsync(RecordId.FromInteger(i), $"Report number {i} mentions quartz.");
        }

        Assert.Equal(4, (await Index.SearchAsync(Ns, "quartz", 4)).Count);
    }

    [ContractTheory]
    [InlineData("\"AND\" OR NEAR(")]
    [InlineData("NEAR(a b, 2)")]
    [InlineData("text: col* ^start -minus +plus")]
    [InlineData("\"unbalanced")]
    [InlineData(")(*&^%$#@!")]
    [InlineData("AND")]
    [InlineData("NOT OR")]
    [InlineData("a AND")]
    [InlineData("'; DROP TABLE chunks; --")]
    public async Task Search_with_query_syntax_characters_in_user_text_does_not_throw(string query)
    {
        await IndexEventAsync(RecordId.FromString("e1"), "Plain text about tables and columns.");

        var hits = await Index.SearchAsync(Ns, query, 10);

        Assert.NotNull(hits);
    }

    [ContractFact]
    public async Task Search_reads_operator_words_in_user_text_as_plain_words()
    {
        await IndexEventAsync(RecordId.FromString("near"), "The station is near the river.");
        await IndexEventAsync(RecordId.FromString("far"), "The mountain is far away.");

        var hits = await Index.SearchAsync(Ns, "\"AND\" OR NEAR(", 10);

        Assert.Equal(RecordId.FromString("near"), Assert.Single(hits).Document.EventId);
    }

    [ContractTheory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("?!.,;:()\"")]
    public async Task Search_with_no_word_in_the_query_finds_nothing(string query)
    {
        await IndexEventAsync(RecordId.FromString("e1"), "Some indexed text.");

        Assert.Empty(await Index.SearchAsync(Ns, query, 10));
    }

    [ContractFact]
    public async Task GetChunks_returns_chunks_in_event_order_then_chunk_order()
    {
        await Index.ReplaceEventAsync(Ns, RecordId.FromString("a"),
        [
            Document(RecordId.FromString("a"), 1, "a second"),
            Document(RecordId.FromString("a"), 0, "a first"),
        ]);
        await IndexEventAsync(RecordId.FromString("b"), "b first", "b second");

        var chunks = await Index.GetChunksAsync(Ns, [RecordId.FromString("b"), RecordId.FromString("a")]);

        Assert.Equal(["b first", "b second", "a first", "a second"], chunks.Select(c => c.Text));
        Assert.Equal(["\"b\"#0", "\"b\"#1", "\"a\"#0", "\"a\"#1"], chunks.Select(c => c.ChunkId));
    }

    [ContractFact]
    public async Task GetChunks_keeps_event_1_and_event_quoted_1_apart()
    {
        await IndexEventAsync(RecordId.FromInteger(1), "integer event");
        await IndexEventAsync(RecordId.FromString("1"), "string event");

        var chunk = Assert.Single(await Index.GetChunksAsync(Ns, [RecordId.FromInteger(1)]));

        Assert.Equal("integer event", chunk.Text);
        Assert.Equal(RecordId.FromInteger(1), chunk.EventId);
    }

    [ContractFact]
    public async Task GetChunks_of_an_unknown_event_is_empty()
    {
        await IndexEventAsync(RecordId.FromString("known"), "text");

        Assert.Empty(await Index.GetChunksAsync(Ns, [RecordId.FromString("unknown")]));
    }

    [ContractTheory]
    [MemberData(nameof(FilteredSearchCases.Filters), MemberType = typeof(FilteredSearchCases))]
    public async Task A_filtered_search_returns_the_chunks_of_exactly_the_events_the_filter_lets_through(string? metadata, int? afterHour, int? beforeHour, string expected)
    {
        await IndexFilterCasesAsync();

        var hits = await Index.SearchAsync(Ns, "quartz", 50, FilteredSearchCases.Filter(metadata, afterHour, beforeHour));

        Assert.Equal(expected, FilteredSearchCases.Ids(hits.Select(h => h.Document.EventId)));
    }

    [ContractFact]
    public async Task The_acceptance_window_holds_to_the_tick_and_a_document_keeps_its_metadata_and_time()
    {
        await IndexFilterCasesAsync();
        var start = FilteredSearchCases.Start;

        var hit = Assert.Single(await Index.SearchAsync(Ns, "quartz", 50, ChunkFilter.From(null, start.AddHours(1).AddTicks(1), start.AddHours(3).AddTicks(-1))));

        Assert.Equal("real-two", hit.Document.EventId.ToString());
        Assert.Equal("clinic", hit.Document.Metadata!["source"]!.GetValue<string>());
        Assert.Equal(start.AddHours(2), hit.Document.IngestedAt);
        Assert.Equal(start.AddHours(2), Assert.Single(await Index.GetChunksAsync(Ns, [hit.Document.EventId])).IngestedAt);
    }

    [ContractFact]
    public async Task A_narrow_filter_still_returns_limit_chunks_when_that_many_match_however_far_they_rank()
    {
        // 60 chunks that rank above any of the 4 that match: a search that filtered its usual depth afterwards would find none.
        for (var i = 0; i < 60; i++)
        {
            await Index.ReplaceEventAsync(Ns, RecordId.FromInteger(i), [Document(RecordId.FromInteger(i), 0, "Quartz, quartz, quartz.") with { Metadata = new JsonObject { ["team"] = "near" } }]);
        }

        for (var i = 0; i < 4; i++)
        {
            var eventId = RecordId.FromString($"far-{i}");
            await Index.ReplaceEventAsync(Ns, eventId, [Document(eventId, 0, "A long report on many minerals of the valley, one of which is quartz, among feldspar and mica.") with { Metadata = new JsonObject { ["team"] = "far" } }]);
        }

        var hits = await Index.SearchAsync(Ns, "quartz", 3, ChunkFilter.From(new JsonObject { ["team"] = "far" }, null, null));

        Assert.Equal(3, hits.Count);
        Assert.All(hits, h => Assert.StartsWith("far-", h.Document.EventId.ToString(), StringComparison.Ordinal));
        Assert.All(await Index.SearchAsync(Ns, "quartz", 3), h => Assert.Equal("near", h.Document.Metadata!["team"]!.GetValue<string>()));
    }

    private async Task IndexFilterCasesAsync()
    {
        for (var i = 0; i < FilteredSearchCases.Events.Count; i++)
        {
            var eventId = RecordId.FromString(FilteredSearchCases.Events[i].Id);
            await Index.ReplaceEventAsync(Ns, eventId, [Document(eventId, 0, $"A quartz report, number {i}.") with { Metadata = FilteredSearchCases.MetadataOf(i), IngestedAt = FilteredSearchCases.AcceptedAt(i) }]);
        }
    }

    protected Task IndexEventAsync(RecordId eventId, params string[] chunkTexts) =>
        Index.ReplaceEventAsync(Ns, eventId, chunkTexts.Select((text, i) => Document(eventId, i, text)).ToList());

    protected static KeywordDocument Document(RecordId eventId, int chunkIndex, string text) =>
        new(ChunkIds.For(eventId, chunkIndex), eventId, chunkIndex, text);
}
