using Microsoft.Extensions.Options;
using RagMemory.Answers;
using RagMemory.Answers.Extractive;
using RagMemory.Answers.OpenAi;
using RagMemory.Embeddings.OpenAi;
using RagMemory.Embeddings.MiniLm;
using RagMemory.Graph.Embedded;
using RagMemory.Graph.Neo4j;
using RagMemory.Ingestion.Embedded;
using RagMemory.Ingestion.Kafka;
using RagMemory.Keywords.Embedded;
using RagMemory.Qdrant;
using RagMemory.State.Embedded;
using RagMemory.State.PostgreSql;
using RagMemory.Vectors.Embedded;

namespace RagMemory.Engines;

/// <summary>
/// Every concern's engines by the name configuration uses for them; only the chosen ones register.
/// </summary>
public static class EngineCatalog
{
    public const string Embedded = "Embedded";
    public const string MiniLm = "MiniLm";
    public const string Extractive = "Extractive";
    public const string Kafka = "Kafka";
    public const string Qdrant = "Qdrant";
    public const string OpenAi = "OpenAi";

    /// <summary>The <c>Engines</c> keys with their engines, in the order they register.</summary>
    public static IReadOnlyList<(string Key, Func<EnginesOptions, string> Chosen, EngineChoice[] Engines)> Concerns { get; } =
    [
        (nameof(EnginesOptions.State), o => o.State, [new(Embedded, b => b.AddEmbeddedState()), new("PostgreSql", b => b.AddPostgreSqlState())]),
        (nameof(EnginesOptions.Embeddings), o => o.Embeddings, [new(MiniLm, b => b.AddMiniLmEmbeddings()), new(OpenAi, b => b.AddOpenAiEmbeddings())]),
        (nameof(EnginesOptions.Vectors), o => o.Vectors, [new(Embedded, b => b.AddEmbeddedVectors()), new(Qdrant, b => b.AddQdrantVectors())]),
        (nameof(EnginesOptions.Keywords), o => o.Keywords, [new(Embedded, b => b.AddEmbeddedKeywords()), new(Qdrant, b => b.AddQdrantKeywords())]),
        (nameof(EnginesOptions.Graph), o => o.Graph, [new(Embedded, b => b.AddEmbeddedGraph()), new("Neo4j", b => b.AddNeo4jGraph())]),
        (nameof(EnginesOptions.Ingestion), o => o.Ingestion, [new(Embedded, b => b.AddEmbeddedIngestion()), new(Kafka, b => b.AddKafkaIngestion())]),
        (nameof(EnginesOptions.Answers), o => o.Answers, [new(Extractive, b => b.AddExtractiveAnswers()), new(OpenAi, b => b.AddOpenAiAnswers())]),
    ];

    /// <summary>The answerers <c>Answers:Fallback</c> may name, each registering its chat client under <see cref="AnswerService.FallbackKey"/>.</summary>
    public static IReadOnlyList<EngineChoice> AnswerFallbacks { get; } = [new(Extractive, b => b.AddExtractiveAnswerFallback())];

    /// <summary>The fallback answerer <c>Answers:Fallback</c> names, null for <c>None</c>; any other value stops the start naming the key.</summary>
    public static EngineChoice? ChooseAnswerFallback(string? name)
    {
        if (string.IsNullOrWhiteSpace(name) || string.Equals(name, AnswersOptions.None, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return AnswerFallbacks.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase))
            ?? throw new OptionsValidationException(AnswersOptions.SectionName, typeof(AnswersOptions),
                [$"{AnswersOptions.SectionName}:Fallback is '{name}', which names no answerer; known: {AnswersOptions.None}, {string.Join(", ", AnswerFallbacks.Select(e => e.Name))}."]);
    }

    /// <summary>
    /// The engine chosen for each concern, or an <see cref="OptionsValidationException"/> naming every key whose value
    /// names no engine.
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
            else
            {
                chosen.Add(engine);
            }
        }

        return failures.Count == 0 ? chosen : throw new OptionsValidationException(EnginesOptions.SectionName, typeof(EnginesOptions), failures);
    }
}
