using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RagMemory.Embeddings;
using RagMemory.Graph;
using RagMemory.Ingestion;
using RagMemory.Keywords;
using RagMemory.Search;
using RagMemory.Storage;
using RagMemory.Vectors;

namespace RagMemory.Tests.Engines;

/// <summary>The real embedded engines over one temporary folder, wired as the host wires them, with a shared embedder.</summary>
public sealed class EmbeddedEngines : IDisposable
{
    private readonly TempDataFolder _folder = new();

    public EmbeddedEngines(IEmbeddingGenerator<string, Embedding<float>> embedder, int dimensions = MiniLmEmbeddingGenerator.Dimensions)
    {
        Embedder = embedder;
        Database = _folder.OpenDatabase();
        Vectors = new HnswSqliteVectorStore(Database, _folder.Storage, Options.Create(new VectorIndexOptions { Dimensions = dimensions }), NullLogger<HnswSqliteVectorStore>.Instance);
        Keywords = new Fts5KeywordIndex(Database, Options.Create(new KeywordIndexOptions()));
        Graph = new SqliteGraphStore(Database);
        Pipeline = new IngestionPipeline(new TextChunker(Options.Create(new EmbeddingOptions())), embedder, Vectors, Keywords, Graph);
        Queue = new SqliteIngestionQueue(Database, Options.Create(new IngestionOptions()), TimeProvider.System);
        Search = new HybridSearchService(embedder, Vectors, Keywords, Graph, Queue, Options.Create(new HybridSearchOptions()));
    }

    public IEmbeddingGenerator<string, Embedding<float>> Embedder { get; }

    public SqliteDatabase Database { get; }

    public HnswSqliteVectorStore Vectors { get; }

    public Fts5KeywordIndex Keywords { get; }

    public SqliteGraphStore Graph { get; }

    public SqliteIngestionQueue Queue { get; }

    public IngestionPipeline Pipeline { get; }

    public HybridSearchService Search { get; }

    public void Dispose()
    {
        Vectors.Dispose();
        _folder.Dispose();
    }
}
