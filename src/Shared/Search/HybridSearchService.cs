using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RagMemory.Errors;
using RagMemory.Graph;
using RagMemory.Ingestion;
using RagMemory.Keywords;
using RagMemory.Namespaces;
using RagMemory.Vectors;

namespace RagMemory.Search;

/// <summary>
/// Keyword, vector and graph retrieval over ingested chunks, fused by reciprocal rank fusion. The graph signal ranks
/// events that mention the query's entities; each such event contributes its best chunk found by the other signals,
/// or its first chunk.
/// </summary>
public sealed class HybridSearchService(
    IEmbeddingGenerator<string, Embedding<float>> embedder,
    IChunkStore chunkVectors,
    IKeywordIndex keywords,
    IGraphStore graph,
    IEventStore events,
    IOptions<HybridSearchOptions> options)
{
    /// <summary>The deepest ranking <see cref="RankAsync"/> gives, for evaluations that need recall at 100 documents: as deep as a vector search goes.</summary>
    public const int MaxRankingDepth = VectorChecks.MaxSearchLimit;

    private readonly HybridSearchOptions _options = options.Value;
    private readonly VisibleVersions _visible = new(events);

    /// <summary>The best <paramref name="limit"/> (1-100) chunks for a query in the default namespace, with the configured weights.</summary>
    public Task<IReadOnlyList<HybridHit>> SearchAsync(string? query, int limit, CancellationToken cancellationToken = default) =>
        SearchAsync(MemoryNamespace.Default, query, limit, null, cancellationToken);

    /// <summary>
    /// The best <paramref name="limit"/> (1-100) chunks of the events the filter lets through. The keyword and vector
    /// signals apply the filter inside their engines, so a narrow filter still fills the limit when that many chunks
    /// match; the graph knows no metadata, so the events it ranks are judged here, on their events read in one batch.
    /// </summary>
    public async Task<IReadOnlyList<HybridHit>> SearchAsync(MemoryNamespace ns, string? query, int limit, ChunkFilter? filter, CancellationToken cancellationToken = default)
    {
        Guard.Limit(limit);
        var (ranking, sources) = await RankWithSourcesAsync(ns, query, limit, null, filter, cancellationToken).ConfigureAwait(false);

        // A hit whose chunk was stored without metadata (an event never known) takes its event's, read in one batch
        // unless a filtered ranking has read them already.
        var missing = ranking.Hits.Where(h => h.Metadata is null && sources?.ContainsKey(h.EventId) != true).Select(h => h.EventId).ToList();
        if (missing.Count > 0)
        {
            // A filtered ranking read its events before feedback searched again; the second searches' hits are read now.
            var read = await SourcesOfAsync(ns, missing, cancellationToken).ConfigureAwait(false);
            sources = sources is null ? read : sources.Concat(read).ToDictionary(s => s.Key, s => s.Value);
        }

        sources ??= [];
        return [.. ranking.Hits.Select(hit => hit.Metadata is null && sources.TryGetValue(hit.EventId, out var source) ? hit with { Metadata = source.Event.Metadata } : hit)];
    }

    /// <summary>
    /// Ranks up to <paramref name="limit"/> (at most <see cref="MaxRankingDepth"/>) chunks with the given weights
    /// (the configured ones when null) and reports where the time went. Evaluations and benchmarks rank the default namespace.
    /// </summary>
    public async Task<HybridRanking> RankAsync(string? query, int limit, SignalWeights? weights, CancellationToken cancellationToken = default) =>
        (await RankWithSourcesAsync(MemoryNamespace.Default, query, limit, weights, null, cancellationToken).ConfigureAwait(false)).Ranking;

    /// <summary>
    /// The ranking, and with a filter the events read for it in one batch: those the graph names, to judge them, and
    /// those of any chunk found without metadata, to fill it in. Without a filter no event is read (null).
    /// </summary>
    private async Task<(HybridRanking Ranking, Dictionary<RecordId, SourceEvent>? Sources)> RankWithSourcesAsync(
        MemoryNamespace ns, string? query, int limit, SignalWeights? weights, ChunkFilter? filter, CancellationToken cancellationToken)
    {
        Guard.Text(query, 2000, "query");
        Guard.Limit(limit, max: MaxRankingDepth);
        weights ??= new SignalWeights(_options.KeywordWeight, _options.VectorWeight, _options.GraphWeight);

        // The three signals run at once: over a network each is a round trip, and on one machine the keyword and graph
        // queries overlap the embedding. Each stage's time is its own; the total is the wall time.
        var started = Stopwatch.GetTimestamp();
        var keywordSearch = weights.Keyword > 0
            ? TimedAsync(() => SearchKeywordsAsync(ns, query!, _options.KeywordCandidates(limit), filter, cancellationToken))
            : Task.FromResult<((IReadOnlyList<KeywordHit>, IReadOnlyList<KeywordHit>), TimeSpan)>((([], []), TimeSpan.Zero));
        var graphSearch = weights.Graph > 0
            ? TimedAsync(() => graph.FindEventsMentioningAsync(ns, EntityExtractor.QueryPhrases(query!), _options.GraphCandidates(limit), cancellationToken))
            : Task.FromResult<(IReadOnlyList<EventMention>, TimeSpan)>(([], TimeSpan.Zero));
        var vectorSearch = weights.Vector > 0
            ? SearchVectorsAsync(ns, query!, _options.VectorCandidates(limit), filter, cancellationToken)
            : Task.FromResult<(IReadOnlyList<ChunkHit>, float[]?, TimeSpan, TimeSpan)>(([], null, TimeSpan.Zero, TimeSpan.Zero));

        // One failing signal fails the search, as its breaker says; waiting for all observes every failure.
        await Task.WhenAll(vectorSearch, keywordSearch, graphSearch).ConfigureAwait(false);
        var (vectorHits, queryVector, embedding, vector) = await vectorSearch.ConfigureAwait(false);
        var ((keywordHits, feedbackHits), keyword) = await keywordSearch.ConfigureAwait(false);
        var (mentions, graphTime) = await graphSearch.ConfigureAwait(false);

        // Only the visible version of each event, under the event's id: a replacement being indexed and the version it
        // replaced are both in the indexes for a while. Counted as the fusion's time.
        var visibilityStarted = Stopwatch.GetTimestamp();
        var shown = new VisibleHits(_visible, ns);
        await shown.ResolveAsync(
            keywordHits.Concat(feedbackHits).Select(h => h.Document.EventId).Concat(vectorHits.Select(h => h.EventId)).Concat(mentions.Select(m => m.EventId)),
            cancellationToken).ConfigureAwait(false);
        keywordHits = shown.Keyword(keywordHits);
        feedbackHits = shown.Keyword(feedbackHits);
        vectorHits = shown.Vector(vectorHits);
        mentions = [.. mentions.Where(m => shown.IsVisible(m.EventId)).Select(m => m with { EventId = shown.EventOf(m.EventId) })];
        var visibility = Stopwatch.GetElapsedTime(visibilityStarted);
        Dictionary<RecordId, SourceEvent>? sources = null;
        if (filter is not null)
        {
            // Counted as the graph's time: judging the events it names is what this read is for.
            var graphStarted = Stopwatch.GetTimestamp();
            var unjudged = mentions.Select(m => m.EventId)
                .Concat(keywordHits.Concat(feedbackHits).Where(h => h.Document.Metadata is null).Select(h => h.Document.EventId))
                .Concat(vectorHits.Where(h => h.Metadata is null).Select(h => h.EventId))
                .ToList();
            var known = sources = unjudged.Count > 0 ? await SourcesOfAsync(ns, unjudged, cancellationToken).ConfigureAwait(false) : [];

            // An event the store does not know cannot be judged, so the graph's mention of it is left out.
            mentions = [.. mentions.Where(m => known.TryGetValue(m.EventId, out var source) && filter.Matches(source.Event.Metadata, source.Status.CreatedAt))];
            graphTime += Stopwatch.GetElapsedTime(graphStarted);
        }

        var fusionStarted = Stopwatch.GetTimestamp();
        var fusion = await FuseAsync(ns, keywordHits, feedbackHits, vectorHits, [], mentions, shown, weights, cancellationToken).ConfigureAwait(false);
        var firstVectorHits = vectorHits;
        var rounds = _options.FeedbackFromFusion && (_options.KeywordFeedbackTerms > 0 || _options.VectorFeedbackDocuments > 0) ? _options.FeedbackRounds : 0;
        for (var round = 0; round < rounds; round++)
        {
            // Both feedbacks from the fused ranking (each round's from the last's), each from the original query, then
            // the signals searched again and fused anew; the second searches count as the fusion's time, since they
            // exist only because of it.
            var first = fusion.Ranked().ToList();
            if (_options.KeywordFeedbackTerms > 0 && weights.Keyword > 0)
            {
                var expanded = KeywordFeedback.Expand(query!, [.. first.Select(e => e.Text)], _options.KeywordFeedbackTerms);
                feedbackHits = expanded == query ? [] : await keywords.SearchAsync(ns, expanded, _options.KeywordCandidates(limit), filter, cancellationToken).ConfigureAwait(false);
            }

            if (_options.VectorFeedbackDocuments > 0 && queryVector is not null)
            {
                var feedback = await VectorsOfAsync(ns, first.Take(_options.VectorFeedbackDocuments), shown, cancellationToken).ConfigureAwait(false);
                vectorHits = await chunkVectors.SearchAsync(ns, VectorFeedback.Expand(queryVector, [.. feedback.OfType<float[]>()], _options.VectorFeedbackWeight), _options.VectorCandidates(limit), filter, cancellationToken).ConfigureAwait(false);
            }

            await shown.ResolveAsync(feedbackHits.Select(h => h.Document.EventId).Concat(vectorHits.Select(h => h.EventId)), cancellationToken).ConfigureAwait(false);
            feedbackHits = shown.Keyword(feedbackHits);
            vectorHits = shown.Vector(vectorHits);
            fusion = await FuseAsync(ns, keywordHits, feedbackHits, vectorHits, _options.FirstVectorListWeight > 0 && _options.VectorFeedbackDocuments > 0 ? firstVectorHits : [], mentions, shown, weights, cancellationToken).ConfigureAwait(false);
        }

        var ranked = fusion.Ranked().ToList();
        if (_options.NeighbourSmoothing > 0)
        {
            ranked = await SmoothAsync(ns, ranked, shown, cancellationToken).ConfigureAwait(false);
        }

        var hits = ranked
            .Take(limit)
            .Select(f => new HybridHit(f.Id, f.Score, f.Text, f.EventId, f.ChunkIndex, new SignalScores(f.Keyword, f.Vector, f.Graph), f.Metadata))
            .ToList();
        var finished = Stopwatch.GetTimestamp();
        return (new HybridRanking(hits, new SearchStageTimings(embedding, vector, keyword, graphTime, Stopwatch.GetElapsedTime(fusionStarted, finished) + visibility, Stopwatch.GetElapsedTime(started, finished))), sources);
    }

    /// <summary>Every signal's hits fused into one set of entries, scored by the configured method.</summary>
    private async Task<Fusion> FuseAsync(
        MemoryNamespace ns, IReadOnlyList<KeywordHit> keywordHits, IReadOnlyList<KeywordHit> feedbackHits, IReadOnlyList<ChunkHit> vectorHits,
        IReadOnlyList<ChunkHit> firstVectorHits, IReadOnlyList<EventMention> mentions, VisibleHits shown, SignalWeights weights, CancellationToken cancellationToken)
    {
        var fusion = new Fusion(_options.RrfConstant, _options.FuseByEvent, _options.FirstChunkWeight);
        var agreement = _options.WeightByAgreement
            ? SignalAgreement.Of(keywordHits.Select(h => h.Document.EventId), vectorHits.Select(h => h.EventId), mentions.Select(m => m.EventId))
            : SignalAgreement.None;
        AddKeywordSignal(fusion, keywordHits, weights.Keyword * agreement.Keyword);
        AddKeywordSignal(fusion, feedbackHits, weights.Keyword * _options.KeywordFeedbackWeight * agreement.Keyword);
        AddVectorSignal(fusion, vectorHits, weights.Vector * agreement.Vector);
        AddVectorSignal(fusion, firstVectorHits, weights.Vector * _options.FirstVectorListWeight * agreement.Vector);
        if (mentions.Count > 0)
        {
            await AddGraphSignalAsync(ns, mentions, shown, fusion, weights.Graph * agreement.Graph, cancellationToken).ConfigureAwait(false);
        }

        if (_options.Fusion == FusionMethod.NormalizedScores)
        {
            fusion.ScoreByNormalizedSignals(weights, false);
        }
        else if (_options.Fusion == FusionMethod.RankAndScore)
        {
            fusion.ScoreByNormalizedSignals(weights, true);
        }

        return fusion;
    }

    /// <summary>The stored vector of each entry's chunk (null where the store has none), in the entries' order.</summary>
    private async Task<List<float[]?>> VectorsOfAsync(MemoryNamespace ns, IEnumerable<Fused> entries, VisibleHits shown, CancellationToken cancellationToken)
    {
        // Chunks are stored under their version's index key, shown under the event's id.
        var keys = entries.Select(e => ChunkIds.For(shown.KeyOf(e.EventId), e.ChunkIndex)).ToList();
        var stored = await chunkVectors.GetVectorsAsync(ns, keys, cancellationToken).ConfigureAwait(false);
        return [.. keys.Select(k => stored.GetValueOrDefault(k))];
    }

    /// <summary>The fused top <see cref="HybridSearchOptions.NeighbourDepth"/> smoothed over each other and ranked again, then the rest.</summary>
    private async Task<List<Fused>> SmoothAsync(MemoryNamespace ns, List<Fused> ranked, VisibleHits shown, CancellationToken cancellationToken)
    {
        var top = ranked.Take(_options.NeighbourDepth).ToList();
        var vectors = await VectorsOfAsync(ns, top, shown, cancellationToken).ConfigureAwait(false);
        var smoothed = NeighbourSmoothing.Smooth([.. top.Select(e => e.Score)], vectors, _options.NeighbourSmoothing);
        for (var i = 0; i < top.Count; i++)
        {
            top[i].Score = smoothed[i];
        }

        return [.. top.OrderByDescending(e => e.Score), .. ranked.Skip(top.Count)];
    }

    private static void AddVectorSignal(Fusion fusion, IReadOnlyList<ChunkHit> hits, double weight)
    {
        var ranks = fusion.NewSignal();
        foreach (var hit in hits)
        {
            var entry = fusion.Entry(hit.ChunkId, hit.Text, hit.EventId, hit.ChunkIndex, hit.Metadata);
            if (ranks.Next(entry) is { } rank)
            {
                entry.Vector ??= hit.Score;
                entry.Metadata ??= hit.Metadata;
                fusion.Add(entry, weight, rank, hit.ChunkIndex);
            }
        }
    }

    private static void AddKeywordSignal(Fusion fusion, IReadOnlyList<KeywordHit> hits, double weight)
    {
        var ranks = fusion.NewSignal();
        foreach (var hit in hits)
        {
            var document = hit.Document;
            var entry = fusion.Entry(document.ChunkId, document.Text, document.EventId, document.ChunkIndex, document.Metadata);
            if (ranks.Next(entry) is { } rank)
            {
                entry.Keyword ??= hit.Score;
                entry.Metadata ??= document.Metadata;
                fusion.Add(entry, weight, rank, document.ChunkIndex);
            }
        }
    }

    /// <summary>
    /// The keyword hits, and with feedback configured those of the query expanded by the first hits' terms (none
    /// otherwise): a second search, after the first, still overlapping the query's embedding.
    /// </summary>
    private async Task<(IReadOnlyList<KeywordHit> Hits, IReadOnlyList<KeywordHit> Feedback)> SearchKeywordsAsync(MemoryNamespace ns, string query, int candidates, ChunkFilter? filter, CancellationToken cancellationToken)
    {
        var hits = await keywords.SearchAsync(ns, query, candidates, filter, cancellationToken).ConfigureAwait(false);
        if (_options.KeywordFeedbackTerms == 0 || _options.FeedbackFromFusion)
        {
            return (hits, []);
        }

        var expanded = KeywordFeedback.Expand(query, hits, _options.KeywordFeedbackTerms);
        return expanded == query
            ? (hits, [])
            : (hits, await keywords.SearchAsync(ns, expanded, candidates, filter, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// The query's embedding, then its nearest chunks; the two stages timed apart. With vector feedback from the
    /// signal's own hits, the query vector is moved towards its first hits' and searched again, in the vector stage.
    /// </summary>
    private async Task<(IReadOnlyList<ChunkHit> Hits, float[]? QueryVector, TimeSpan Embedding, TimeSpan Vector)> SearchVectorsAsync(MemoryNamespace ns, string query, int candidates, ChunkFilter? filter, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var queryVector = (await embedder.GenerateAsync([query], cancellationToken: cancellationToken).ConfigureAwait(false))[0].Vector.ToArray();
        var embedded = Stopwatch.GetTimestamp();
        var hits = await chunkVectors.SearchAsync(ns, queryVector, candidates, filter, cancellationToken).ConfigureAwait(false);
        if (_options.VectorFeedbackDocuments > 0 && !_options.FeedbackFromFusion)
        {
            // By event, the first hit of each of the first events, as the fusion would rank them.
            var first = (_options.FuseByEvent ? hits.DistinctBy(h => h.EventId) : hits).Take(_options.VectorFeedbackDocuments).Select(h => h.ChunkId).ToList();
            var stored = await chunkVectors.GetVectorsAsync(ns, first, cancellationToken).ConfigureAwait(false);
            var feedback = first.Where(stored.ContainsKey).Select(c => stored[c]).ToList();
            if (feedback.Count > 0)
            {
                hits = await chunkVectors.SearchAsync(ns, VectorFeedback.Expand(queryVector, feedback, _options.VectorFeedbackWeight), candidates, filter, cancellationToken).ConfigureAwait(false);
            }
        }

        return (hits, queryVector, Stopwatch.GetElapsedTime(started, embedded), Stopwatch.GetElapsedTime(embedded));
    }

    /// <summary>
    /// Runs a signal's query on the thread pool, so that an adapter that answers synchronously (the embedded ones)
    /// overlaps the others too, and measures it.
    /// </summary>
    private static Task<(T Result, TimeSpan Elapsed)> TimedAsync<T>(Func<Task<T>> query) => Task.Run(async () =>
    {
        var started = Stopwatch.GetTimestamp();
        var result = await query().ConfigureAwait(false);
        return (result, Stopwatch.GetElapsedTime(started));
    });

    /// <summary>The submitted events behind the hits, read in one call to the store.</summary>
    private async Task<Dictionary<RecordId, SourceEvent>> SourcesOfAsync(MemoryNamespace ns, IEnumerable<RecordId> eventIds, CancellationToken cancellationToken)
    {
        var ids = eventIds.Distinct().ToList();
        var found = await events.GetEventsAsync(ns, ids, cancellationToken).ConfigureAwait(false);
        return found.ToDictionary(s => s.Event.Id);
    }

    /// <summary>A chunk stored under a version's index key, shown under its event's id.</summary>
    private static KeywordDocument Shown(KeywordDocument document, RecordId eventId) =>
        document.EventId == eventId ? document : document with { EventId = eventId, ChunkId = ChunkIds.For(eventId, document.ChunkIndex) };

    private async Task AddGraphSignalAsync(MemoryNamespace ns, IReadOnlyList<EventMention> mentions, VisibleHits shown, Fusion fusion, double weight, CancellationToken cancellationToken)
    {
        var missing = mentions.Where(m => fusion.BestOf(m.EventId) is null).Select(m => shown.KeyOf(m.EventId)).ToList();
        var firstChunks = (await keywords.GetChunksAsync(ns, missing, cancellationToken).ConfigureAwait(false))
            .Select(d => Shown(d, IndexKeys.Parse(d.EventId).EventId))
            .GroupBy(d => d.EventId)
            .ToDictionary(g => g.Key, g => g.First());

        for (var rank = 0; rank < mentions.Count; rank++)
        {
            var mention = mentions[rank];
            var best = fusion.BestOf(mention.EventId);
            if (best is null && firstChunks.TryGetValue(mention.EventId, out var first))
            {
                best = fusion.Entry(first.ChunkId, first.Text, first.EventId, first.ChunkIndex, first.Metadata);
            }

            if (best is not null)
            {
                best.Graph = mention.Score;
                fusion.Add(best, weight, rank);
            }
        }
    }

    /// <summary>
    /// The visible version of each event among the hits, resolved as hits arrive (a second search brings new ones):
    /// the index key each chunk is stored under and the event id it is shown as.
    /// </summary>
    private sealed class VisibleHits(VisibleVersions visible, MemoryNamespace ns)
    {
        private readonly Dictionary<RecordId, RecordId> _eventOf = [];
        private readonly Dictionary<RecordId, RecordId> _keyOf = [];
        private readonly HashSet<RecordId> _asked = [];

        public async Task ResolveAsync(IEnumerable<RecordId> keys, CancellationToken cancellationToken)
        {
            var fresh = keys.Where(_asked.Add).ToList();
            if (fresh.Count == 0)
            {
                return;
            }

            foreach (var (key, eventId) in await visible.ResolveAsync(ns, fresh, cancellationToken).ConfigureAwait(false))
            {
                _eventOf[key] = eventId;
                _keyOf[eventId] = key;
            }
        }

        public bool IsVisible(RecordId key) => _eventOf.ContainsKey(key);

        public RecordId EventOf(RecordId key) => _eventOf[key];

        /// <summary>The index key an event's visible chunks are stored under (the event id when never resolved).</summary>
        public RecordId KeyOf(RecordId eventId) => _keyOf.GetValueOrDefault(eventId, eventId);

        public IReadOnlyList<KeywordHit> Keyword(IReadOnlyList<KeywordHit> hits) =>
            [.. hits.Where(h => IsVisible(h.Document.EventId)).Select(h => h with { Document = Shown(h.Document, EventOf(h.Document.EventId)) })];

        public IReadOnlyList<ChunkHit> Vector(IReadOnlyList<ChunkHit> hits) =>
            [.. hits.Where(h => IsVisible(h.EventId)).Select(h => h with { EventId = EventOf(h.EventId) })];
    }

    /// <summary>
    /// The fused entries, keyed by chunk or (when fusing by event) by event, and each event's entries for the graph
    /// signal's look-ups. By event, an event's first chunk found stands for it and each signal ranks events, not chunks.
    /// </summary>
    private sealed class Fusion(int rrfConstant, bool byEvent, double firstChunkWeight)
    {
        private readonly Dictionary<string, Fused> _entries = [];
        private readonly Dictionary<RecordId, List<Fused>> _byEvent = [];

        public IEnumerable<Fused> Entries => _entries.Values;

        /// <summary>The entries, best first.</summary>
        public IEnumerable<Fused> Ranked() => _entries.Values.OrderByDescending(f => f.Score);

        /// <summary>Counts ranks within one signal's list; by event, an entry met again in the same list gets no rank.</summary>
        public SignalRanks NewSignal() => new(byEvent);

        public Fused Entry(string id, string text, RecordId eventId, int chunkIndex, JsonObject? metadata)
        {
            var key = byEvent ? eventId.Json : id;
            if (_entries.TryGetValue(key, out var existing))
            {
                return existing;
            }

            var created = _entries[key] = new Fused(id, text, eventId, chunkIndex, metadata);
            if (!_byEvent.TryGetValue(eventId, out var ofEvent))
            {
                _byEvent[eventId] = ofEvent = [];
            }

            ofEvent.Add(created);
            return created;
        }

        /// <summary>
        /// Adds a signal's vote for the entry at its rank; a hit on an event's first chunk (index 0) counts by the
        /// first-chunk weight, a signal that ranks events (the graph) gives no chunk.
        /// </summary>
        public void Add(Fused entry, double weight, int rank, int? chunkIndex = null) =>
            entry.Score += (chunkIndex == 0 ? firstChunkWeight : 1) * weight / (rrfConstant + rank + 1);

        /// <summary>
        /// Replaces the rank-based scores by a weighted sum of each signal's min-max normalised score, or with
        /// <paramref name="addRanks"/> by the sum of both, each divided by its best value (CombSUM).
        /// </summary>
        public void ScoreByNormalizedSignals(SignalWeights weights, bool addRanks)
        {
            var keyword = Normalizer(e => e.Keyword);
            var vector = Normalizer(e => e.Vector);
            var graph = Normalizer(e => e.Graph);
            var bestRank = _entries.Values.Select(e => e.Score).DefaultIfEmpty(0).Max();
            var normalized = _entries.Values.ToDictionary(e => e, e => (weights.Keyword * keyword(e.Keyword)) + (weights.Vector * vector(e.Vector)) + (weights.Graph * graph(e.Graph)));
            var bestScore = normalized.Values.DefaultIfEmpty(0).Max();
            foreach (var (entry, score) in normalized)
            {
                entry.Score = !addRanks ? score
                    : (bestRank > 0 ? entry.Score / bestRank : 0) + (bestScore > 0 ? score / bestScore : 0);
            }
        }

        private Func<double?, double> Normalizer(Func<Fused, double?> signal)
        {
            var values = _entries.Values.Select(signal).OfType<double>().ToList();
            if (values.Count == 0)
            {
                return _ => 0;
            }

            var (min, max) = (values.Min(), values.Max());
            return value => value is not { } v ? 0 : max > min ? (v - min) / (max - min) : 1;
        }

        public Fused? BestOf(RecordId eventId) => _byEvent.TryGetValue(eventId, out var ofEvent) ? ofEvent.MaxBy(f => f.Score) : null;
    }

    private sealed class SignalRanks(bool byEvent)
    {
        private readonly HashSet<Fused> _seen = [];
        private int _next;

        public int? Next(Fused entry) => !byEvent || _seen.Add(entry) ? _next++ : null;
    }

    private sealed class Fused(string id, string text, RecordId eventId, int chunkIndex, JsonObject? metadata)
    {
        public string Id { get; } = id;
        public string Text { get; } = text;
        public RecordId EventId { get; } = eventId;
        public int ChunkIndex { get; } = chunkIndex;
        public JsonObject? Metadata { get; set; } = metadata;
        public double Score { get; set; }
        public double? Keyword { get; set; }
        public double? Vector { get; set; }
        public double? Graph { get; set; }
    }
}
