using RagMemory.Namespaces;
using System.Text.Json.Nodes;
using RagMemory.Answers;
using RagMemory.Answers.Extractive;
using RagMemory.Errors;
using RagMemory.Ingestion;
using RagMemory.Vectors;

namespace RagMemory.Tests.Engines;

/// <summary>Hybrid search over the real embedded engines and the real MiniLM model, after real ingestion.</summary>
[Collection(MiniLmCollection.Name)]
public sealed class HybridSearchServiceTests(MiniLmFixture model) : IAsyncLifetime
{
    private static readonly RecordId Invoice = RecordId.FromString("invoice");
    private static readonly RecordId Physician = RecordId.FromInteger(7);
    private static readonly RecordId Lovelace = RecordId.FromString("lovelace");

    // No text here contains "doctor", "drugs", "high", "blood" or "pressure": the paraphrase query can only match by meaning.
    private static readonly IngestEvent[] Corpus =
    [
        new(Invoice, "Invoice QZX-7781 was settled by the accounting department in March.", new JsonObject { ["source"] = "ledger" }),
        new(Physician, "The physician prescribed medication to treat the patient's hypertension.", new JsonObject { ["source"] = "clinic" }),
        new(Lovelace, "Ada Lovelace wrote the first algorithm intended for the Analytical Engine.", []),
        new(RecordId.FromString("babbage"), "Charles Babbage designed the Difference Engine in London.", []),
        new(RecordId.FromString("wheat"), "Farmers harvest wheat in late summer before the autumn rains.", []),
        new(RecordId.FromString("orchestra"), "The orchestra rehearsed a symphony by Beethoven in Vienna.", []),
        new(RecordId.FromString("volcano"), "Volcanic eruptions can ground flights across Europe for days.", []),
        new(RecordId.FromString("bread"), "A good sourdough loaf needs flour, water, salt and patience.", []),
        new(RecordId.FromString("curie"), "Marie Curie won two Nobel prizes for her research on radioactivity.", []),
    ];

    private readonly EmbeddedEngines _engines = new(model.Generator);

    public Task InitializeAsync() => _engines.Pipeline.ProcessAsync(MemoryNamespace.Default, AcceptedEvents.Of(Corpus));

    public Task DisposeAsync()
    {
        _engines.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_text_matched_only_by_a_rare_keyword_is_found_first_by_the_keyword_signal()
    {
        var hits = await _engines.Search.SearchAsync("QZX-7781", 5);

        Assert.Equal(Invoice, hits[0].EventId);
        Assert.NotNull(hits[0].Scores.Keyword);
        Assert.Equal(Invoice, Assert.Single(hits, h => h.Scores.Keyword is not null).EventId);
    }

    [Fact]
    public async Task A_paraphrase_sharing_no_word_with_the_text_is_found_first_by_the_vector_signal()
    {
        var hits = await _engines.Search.SearchAsync("doctor drugs high blood pressure", 5);

        Assert.Equal(Physician, hits[0].EventId);
        Assert.NotNull(hits[0].Scores.Vector);
        Assert.All(hits, h => Assert.Null(h.Scores.Keyword));
        Assert.Equal("clinic", hits[0].Metadata!["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_entity_query_gives_the_event_naming_the_entity_a_graph_score()
    {
        var hits = await _engines.Search.SearchAsync("ada lovelace", 5);

        var lovelace = Assert.Single(hits, h => h.EventId == Lovelace);
        Assert.NotNull(lovelace.Scores.Graph);
        Assert.True(lovelace.Scores.Graph > 0);
        Assert.Equal(Lovelace, hits[0].EventId);
    }

    [Fact]
    public async Task A_query_naming_no_entity_gives_no_graph_score()
    {
        var hits = await _engines.Search.SearchAsync("doctor drugs high blood pressure", 5);

        Assert.All(hits, h => Assert.Null(h.Scores.Graph));
    }

    [Fact]
    public async Task Signals_for_the_same_chunk_are_fused_into_one_hit()
    {
        var hits = await _engines.Search.SearchAsync("Ada Lovelace Analytical Engine", 9);

        Assert.Equal(hits.Count, hits.Select(h => h.Id).Distinct().Count());
        var lovelace = hits.Single(h => h.EventId == Lovelace);
        Assert.NotNull(lovelace.Scores.Keyword);
        Assert.NotNull(lovelace.Scores.Vector);
        Assert.NotNull(lovelace.Scores.Graph);
        Assert.Equal(ChunkIds.For(Lovelace, 0), lovelace.Id);
        Assert.Equal(Corpus[2].Text, lovelace.Text);
    }

    [Fact]
    public async Task Hits_come_best_first_and_at_most_limit()
    {
        var hits = await _engines.Search.SearchAsync("engine", 3);

        Assert.Equal(3, hits.Count);
        Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    public static TheoryData<string> FeedbackAndSmoothing => new()
    {
        "VectorFeedbackDocuments=3",
        "VectorFeedbackDocuments=3 FeedbackFromFusion KeywordFeedbackTerms=5",
        "VectorFeedbackDocuments=3 FeedbackFromFusion FeedbackRounds=2 NeighbourSmoothing=0.5 NeighbourDepth=30",
        "NeighbourSmoothing=1",
        "FirstVectorListWeight=0.5",
        "VectorFeedbackDocuments=0",
        "Fusion=RankAndScore",
    };

    [Theory]
    [MemberData(nameof(FeedbackAndSmoothing))]
    public async Task Feedback_smoothing_and_combined_fusion_still_find_the_rare_keyword_text_first_and_the_paraphrased_one_near_the_top(string settings)
    {
        var search = new RagMemory.Search.HybridSearchService(_engines.Embedder, _engines.Chunks, _engines.Keywords, _engines.Graph, _engines.Events, Microsoft.Extensions.Options.Options.Create(Options(settings)));

        var paraphrase = await search.SearchAsync("doctor drugs high blood pressure", 5);
        var rare = await search.SearchAsync("QZX-7781", 5);

        // Feedback takes the first hits as relevant; in nine unrelated texts the paraphrase's first hits are partly
        // noise, so its text is only asked to stay near the top.
        Assert.Contains(Physician, paraphrase.Take(3).Select(h => h.EventId));
        Assert.Equal(Invoice, rare[0].EventId);
        Assert.True(paraphrase.Zip(paraphrase.Skip(1)).All(p => p.First.Score >= p.Second.Score));
        Assert.Equal(paraphrase.Count, paraphrase.Select(h => h.EventId).Distinct().Count());
    }

    /// <summary>Options from "Name=value Flag" pairs, the way a configuration section would set them.</summary>
    private static RagMemory.Search.HybridSearchOptions Options(string settings)
    {
        var options = new RagMemory.Search.HybridSearchOptions();
        foreach (var setting in settings.Split(' '))
        {
            var (name, value) = setting.Split('=') is [var n, var v] ? (n, v) : (setting, "true");
            var property = typeof(RagMemory.Search.HybridSearchOptions).GetProperty(name)!;
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            property.SetValue(options, type.IsEnum ? Enum.Parse(type, value) : Convert.ChangeType(value, type, System.Globalization.CultureInfo.InvariantCulture));
        }

        return options;
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public async Task A_blank_query_is_refused_naming_query(string? query)
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => _engines.Search.SearchAsync(query, 5));

        Assert.Equal("query", error.Field);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(101)]
    public async Task A_limit_outside_1_to_100_is_refused_naming_limit(int limit)
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => _engines.Search.SearchAsync("engine", limit));

        Assert.Equal("limit", error.Field);
    }

    [Fact]
    public async Task Processing_the_same_events_again_adds_nothing_twice()
    {
        var before = (await _engines.Vectors.GetInfoAsync()).Size;

        await _engines.Pipeline.ProcessAsync(MemoryNamespace.Default, AcceptedEvents.Of(Corpus));

        Assert.Equal(before, (await _engines.Vectors.GetInfoAsync()).Size);
        Assert.Equal(Corpus.Length, (await _engines.Keywords.GetChunksAsync(RagMemory.Namespaces.MemoryNamespace.Default, Corpus.Select(e => e.Id).ToList())).Count);
        Assert.Single(await _engines.Graph.FindNodesAsync(RagMemory.Namespaces.MemoryNamespace.Default, "Entity", new JsonObject { ["name"] = "Ada Lovelace" }, 10));
        var hits = await _engines.Search.SearchAsync("QZX-7781", 9);
        Assert.Single(hits, h => h.EventId == Invoice);
    }

    [Fact]
    public async Task A_client_vector_that_names_an_event_and_is_nearest_to_the_query_is_never_a_hybrid_hit()
    {
        // The vector of the invoice's own text, so the client's record is the nearest neighbour of the query: it lives
        // in the clients' collection, which hybrid search does not read.
        var vector = (await model.Generator.GenerateAsync([Corpus[0].Text]))[0].Vector.ToArray();
        await _engines.Vectors.UpsertAsync(RagMemory.Namespaces.MemoryNamespace.Default, [new VectorRecord(RecordId.FromString("poison-1"), vector, new JsonObject { ["event_id"] = "poison", ["text"] = 42 })]);

        var hits = await _engines.Search.SearchAsync("Invoice QZX-7781 settled by accounting", 5);

        Assert.Equal(Invoice, hits[0].EventId);
        Assert.NotNull(hits[0].Scores.Vector);
        Assert.DoesNotContain(hits, h => h.Id == "poison-1" || h.EventId == RecordId.FromString("poison"));
    }

    [Fact]
    public async Task An_answer_cites_the_passage_of_the_event_that_holds_it()
    {
        var answers = new AnswerService(_engines.Search, new ExtractiveChatClient(model.Generator));

        var answer = await answers.AnswerAsync(MemoryNamespace.Default, "Who wrote the first algorithm for the Analytical Engine?");

        var citation = Assert.Single(answer.Citations, c => c.EventId == Lovelace);
        Assert.Contains($"[{citation.Number}]", answer.Text, StringComparison.Ordinal);
        Assert.Contains("Ada Lovelace wrote the first algorithm", answer.Text, StringComparison.Ordinal);
        Assert.Equal(ExtractiveChatClient.ModelId, answer.Model);
    }
}
