namespace RagMemory.Graph;

/// <summary>
/// What an event's text says in graph form: the entities it names, which appear in one sentence, and its keyphrases
/// (<see cref="KeyphraseExtractor"/>), stored as entities too but linked only through the events that mention them: in
/// technical text every sentence holds many, so pairing them would multiply relationships without telling much.
/// </summary>
public sealed record ExtractedGraph(IReadOnlyList<string> Entities, IReadOnlyList<(string From, string To)> CoOccurrences, IReadOnlyList<string> Phrases)
{
    public ExtractedGraph(IReadOnlyList<string> entities, IReadOnlyList<(string From, string To)> coOccurrences)
        : this(entities, coOccurrences, [])
    {
    }

    /// <summary>The names and the phrases, each once whatever its case: every node the event mentions.</summary>
    public IEnumerable<string> Mentioned => Entities.Concat(Phrases).DistinctBy(n => n.ToLowerInvariant());
}
