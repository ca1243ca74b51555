namespace RagMemory.Graph;

/// <summary>What an event's text says in graph form: the entities it names and which appear in one sentence.</summary>
public sealed record ExtractedGraph(IReadOnlyList<string> Entities, IReadOnlyList<(string From, string To)> CoOccurrences);
