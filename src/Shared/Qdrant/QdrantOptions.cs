using System.ComponentModel.DataAnnotations;
using RagMemory.Embeddings.MiniLm;

namespace RagMemory.Qdrant;

/// <summary>
/// Where Qdrant is and how its collections are shaped (bound from <c>Qdrant</c>; used when <c>Engines:Vectors</c> or
/// <c>Engines:Keywords</c> is <c>Qdrant</c>). The collections are created at start when missing; an existing one whose
/// dimension or distance differs from these settings stops the start.
/// </summary>
public sealed class QdrantOptions : IValidatableObject
{
    public const string SectionName = "Qdrant";

    /// <summary>The gRPC endpoint (port 6334 by default), http or https: <c>http://qdrant:6334</c>.</summary>
    [Required(ErrorMessage = "Qdrant:Endpoint is required (the gRPC address, e.g. http://localhost:6334).")]
    public Uri? Endpoint { get; set; }

    /// <summary>Sent as the <c>api-key</c> header on every call; from a secret store or environment, never committed.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The vectors clients upsert through <c>/memory</c>.</summary>
    [RegularExpression(CollectionNameRule, ErrorMessage = "Qdrant:VectorsCollection " + CollectionNameMessage)]
    public string VectorsCollection { get; set; } = "ragmemory_vectors";

    /// <summary>The vectors of ingested chunks, apart from the clients' (decision 0005).</summary>
    [RegularExpression(CollectionNameRule, ErrorMessage = "Qdrant:ChunksCollection " + CollectionNameMessage)]
    public string ChunksCollection { get; set; } = "ragmemory_chunks";

    /// <summary>The BM25 sparse vectors of chunk texts (<c>Engines:Keywords=Qdrant</c>).</summary>
    [RegularExpression(CollectionNameRule, ErrorMessage = "Qdrant:KeywordsCollection " + CollectionNameMessage)]
    public string KeywordsCollection { get; set; } = "ragmemory_keywords";

    /// <summary>Length of every dense vector; the embedder's dimension by default.</summary>
    [Range(1, 65536, ErrorMessage = "Qdrant:Dimensions must be between 1 and 65536.")]
    public int Dimensions { get; set; } = MiniLmEmbeddingGenerator.Dimensions;

    /// <summary>
    /// <c>Cosine</c>, or <c>Dot</c> for vectors that are already unit length (the same scores, less work). Euclidean
    /// distance is refused: the ports promise a similarity, higher is better.
    /// </summary>
    public QdrantDistance Distance { get; set; } = QdrantDistance.Cosine;

    /// <summary>HNSW links per node (m).</summary>
    [Range(4, 128, ErrorMessage = "Qdrant:HnswM must be between 4 and 128.")]
    public int HnswM { get; set; } = 16;

    /// <summary>HNSW candidate list while building (ef_construct).</summary>
    [Range(8, 2048, ErrorMessage = "Qdrant:HnswEfConstruct must be between 8 and 2048.")]
    public int HnswEfConstruct { get; set; } = 128;

    /// <summary>HNSW candidate list while searching (hnsw_ef), sent with every search.</summary>
    [Range(8, 4096, ErrorMessage = "Qdrant:HnswEfSearch must be between 8 and 4096.")]
    public int HnswEfSearch { get; set; } = 96;

    /// <summary>BM25 term-frequency saturation (k1), applied to chunk terms before Qdrant multiplies by IDF.</summary>
    [Range(0.0, 10.0, ErrorMessage = "Qdrant:Bm25K1 must be between 0 and 10.")]
    public double Bm25K1 { get; set; } = 1.2;

    /// <summary>BM25 length normalisation (b).</summary>
    [Range(0.0, 1.0, ErrorMessage = "Qdrant:Bm25B must be between 0 and 1.")]
    public double Bm25B { get; set; } = 0.75;

    /// <summary>
    /// The average chunk length in terms that BM25 normalises by. Qdrant keeps IDF per collection but not the average
    /// length, so it is a setting: about what 256-word-piece chunks hold (as FastEmbed's BM25 fixes its own).
    /// </summary>
    [Range(1, 100_000, ErrorMessage = "Qdrant:Bm25AverageChunkTerms must be between 1 and 100000.")]
    public double Bm25AverageChunkTerms { get; set; } = 150;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Endpoint is { } endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult($"Qdrant:Endpoint must be an absolute http or https address of Qdrant's gRPC port (got '{endpoint}').", [nameof(Endpoint)]);
        }

        if (!Enum.IsDefined(Distance))
        {
            yield return new ValidationResult($"Qdrant:Distance must be Cosine or Dot (got '{Distance}').", [nameof(Distance)]);
        }

        var names = new[] { VectorsCollection, ChunksCollection, KeywordsCollection };
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Length)
        {
            yield return new ValidationResult("Qdrant:VectorsCollection, Qdrant:ChunksCollection and Qdrant:KeywordsCollection must be three different collections.");
        }
    }

    private const string CollectionNameRule = "^[A-Za-z0-9_-]{1,255}$";
    private const string CollectionNameMessage = "must be 1 to 255 letters, digits, '_' or '-'.";
}
