namespace RagMemory.Resilience;

/// <summary>The backend ports, each with its own resilience pipeline and circuit breaker.</summary>
public static class Backends
{
    public const string Embedder = "embedder";
    public const string VectorStore = "vector_store";
    public const string KeywordIndex = "keyword_index";
    public const string GraphStore = "graph_store";
    public const string IngestionQueue = "ingestion_queue";
    public const string EventBus = "event_bus";
    public const string AnswerGenerator = "answer_generator";

    public static readonly IReadOnlyList<string> All = [Embedder, VectorStore, KeywordIndex, GraphStore, IngestionQueue, EventBus, AnswerGenerator];
}
