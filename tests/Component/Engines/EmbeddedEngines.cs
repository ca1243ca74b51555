using System.Diagnostics.Metrics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RagMemory.Embeddings;
using RagMemory.Embeddings.MiniLm;
using RagMemory.Graph;
using RagMemory.Graph.Embedded;
using RagMemory.Ingestion;
using RagMemory.Ingestion.Embedded;
using RagMemory.Keywords;
using RagMemory.Keywords.Embedded;
using RagMemory.Observability;
using RagMemory.Search;
using RagMemory.Storage;
using RagMemory.Vectors;
using RagMemory.Vectors.Embedded;

namespace RagMemory.Tests.Engines;

/// <summary>The real embedded engines over one temporary folder, wired as the host wires them, with a shared embedder.</summary>
public sealed class EmbeddedEngines : IDisposable
{
    private readonly TempDataFolder _folder = new();
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public EmbeddedEngines(IEmbeddingGenerator<string, Embedding<float>> embedder, int dimensions = MiniLmEmbeddingGenerator.Dimensions)
    {
        Embedder = embedder;
        Database = _folder.OpenDatabase();
        Vectors = new HnswSqliteVectorStore(Database, _folder.Storage, Options.Create(new VectorIndexOptions { Dimensions = dimensions }), NullLogger<HnswSqliteVectorStore>.Instance);
        Keywords = new Fts5KeywordIndex(Database, Options.Create(new KeywordIndexOptions()));
        Graph = new SqliteGraphStore(Database);
        Metrics = new RagMemoryMetrics(_meters.GetRequiredService<IMeterFactory>());
        Chunks = new HnswSqliteChunkStore(
            new HnswSqliteVectorStore(Database, _folder.Storage, Options.Create(new VectorIndexOptions { Dimensions = dimensions }), NullLogger<HnswSqliteVectorStore>.Instance, VectorCollection.Chunks),
            new SkippedRecords(Metrics, NullLogger<SkippedRecords>.Instance));
        Pipeline = new IngestionPipeline(new TextChunker(Options.Create(new EmbeddingOptions())), embedder, Chunks, Keywords, Graph);
        Events = new SqliteEventStore(Database, TimeProvider.System);
        Search = new HybridSearchService(embedder, Chunks, Keywords, Graph, Events, Options.Create(new HybridSearchOptions()));
    }

    public IEmbeddingGenerator<string, Embedding<float>> Embedder { get; }

    public SqliteDatabase Database { get; }

    /// <summary>The clients' vectors, apart from the chunks.</summary>
    public HnswSqliteVectorStore Vectors { get; }

    public HnswSqliteChunkStore Chunks { get; }

    public Fts5KeywordIndex Keywords { get; }

    public SqliteGraphStore Graph { get; }

    public SqliteEventStore Events { get; }

    public IngestionPipeline Pipeline { get; }

    public RagMemoryMetrics Metrics { get; }

    public HybridSearchService Search { get; }

    public void Dispose()
    {
        Vectors.Dispose();
        Chunks.Dispose();
        Metrics.Dispose();
        _meters.Dispose();
        _folder.Dispose();
    }
}
