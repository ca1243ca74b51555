using Microsoft.Extensions.Options;
using RagMemory.Answers.Extractive;
using RagMemory.Embeddings.MiniLm;
using RagMemory.Graph.Embedded;
using RagMemory.Ingestion.Embedded;
using RagMemory.Ingestion.Kafka;
using RagMemory.Keywords.Embedded;
using RagMemory.State.Embedded;
using RagMemory.Vectors.Embedded;

namespace RagMemory.Engines;

/// <summary>
/// Every concern's engines by the name configuration uses for them. An engine whose adapter is not written yet is
/// listed, so that choosing it stops the start with a message saying so, instead of pretending.
/// </summary>
public static class EngineCatalog
{
    public const string Embedded = "Embedded";
    public const string MiniLm = "MiniLm";
    public const string Extractive = "Extractive";
    public const string Kafka = "Kafka";

    /// <summary>The <c>Engines</c> keys with their engines, in the order they register.</summary>
    public static IReadOnlyList<(string Key, Func<EnginesOptions, string> Chosen, EngineChoice[] Engines)> Concerns { get; } =
    [
        (nameof(EnginesOptions.State), o => o.State, [new(Embedded, b => b.AddEmbeddedState()), NotYet("PostgreSql", 16)]),
        (nameof(EnginesOptions.Embeddings), o => o.Embeddings, [new(MiniLm, b => b.AddMiniLmEmbeddings()), NotYet("OpenAi", 17)]),
        (nameof(EnginesOptions.Vectors), o => o.Vectors, [new(Embedded, b => b.AddEmbeddedVectors()), NotYet("Qdrant", 14)]),
        (nameof(EnginesOptions.Keywords), o => o.Keywords, [new(Embedded, b => b.AddEmbeddedKeywords()), NotYet("Qdrant", 14)]),
        (nameof(EnginesOptions.Graph), o => o.Graph, [new(Embedded, b => b.AddEmbeddedGraph()), NotYet("Neo4j", 15)]),
        (nameof(EnginesOptions.Ingestion), o => o.Ingestion, [new(Embedded, b => b.AddEmbeddedIngestion()), new(Kafka, b => b.AddKafkaIngestion())]),
        (nameof(EnginesOptions.Answers), o => o.Answers, [new(Extractive, b => b.AddExtractiveAnswers()), NotYet("OpenAi", 17)]),
    ];

    /// <summary>
    /// The engine chosen for each concern, or an <see cref="OptionsValidationException"/> naming every key whose value
    /// names no engine or an engine that this build cannot run.
    /// </summary>
    public static IReadOnlyList<EngineChoice> Choose(EnginesOptions options)
    {
        var chosen = new List<EngineChoice>();
        var failures = new List<string>();
        foreach (var (key, value, engines) in Concerns)
        {
            var name = value(options);
            var engine = engines.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase));
            if (engine is null)
            {
                failures.Add($"{EnginesOptions.SectionName}:{key} is '{name}', which names no engine; known: {string.Join(", ", engines.Select(e => e.Name))}.");
            }
            else if (engine.Register is null)
            {
                failures.Add($"{EnginesOptions.SectionName}:{key} is '{engine.Name}', but {engine.Missing}; choose {engines[0].Name}.");
            }
            else
            {
                chosen.Add(engine);
            }
        }

        return failures.Count == 0 ? chosen : throw new OptionsValidationException(EnginesOptions.SectionName, typeof(EnginesOptions), failures);
    }

    private static EngineChoice NotYet(string name, int issue) =>
        new(name, null, $"this build has no {name} adapter yet (issue {issue})");
}
