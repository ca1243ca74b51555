using Microsoft.Extensions.Options;
using Qdrant.Client.Grpc;

namespace RagMemory.Qdrant;

/// <summary>
/// A collection as we need it: its name, its dense vector (dimension and distance, HNSW settings) or its BM25 sparse
/// vector (with Qdrant's IDF modifier), and keyword payload indexes for the fields we filter on; the namespace index
/// is a tenant index, so Qdrant keeps each namespace's points together.
/// </summary>
public sealed record QdrantCollectionSpec(string Name, QdrantOptions Options, bool Sparse, IReadOnlyList<string> KeywordIndexes)
{
    public const string SparseVectorName = "bm25";

    public static QdrantCollectionSpec Dense(string name, QdrantOptions options, params string[] keywordIndexes) => new(name, options, false, keywordIndexes);

    public static QdrantCollectionSpec Bm25(string name, QdrantOptions options, params string[] keywordIndexes) => new(name, options, true, keywordIndexes);

    public Distance Distance => Options.Distance == QdrantDistance.Dot ? Distance.Dot : Distance.Cosine;

    public CreateCollection ToCreateRequest()
    {
        var request = new CreateCollection
        {
            CollectionName = Name,
            HnswConfig = new HnswConfigDiff { M = (ulong)Options.HnswM, EfConstruct = (ulong)Options.HnswEfConstruct },
        };
        if (Sparse)
        {
            request.SparseVectorsConfig = new SparseVectorConfig { Map = { [SparseVectorName] = new SparseVectorParams { Modifier = Modifier.Idf } } };
        }
        else
        {
            request.VectorsConfig = new VectorsConfig { Params = new VectorParams { Size = (ulong)Options.Dimensions, Distance = Distance } };
        }

        return request;
    }

    public PayloadIndexParams IndexParams(string field) =>
        new() { KeywordIndexParams = new KeywordIndexParams { IsTenant = field == QdrantVectorPayload.NamespaceField } };

    /// <summary>Why an existing collection cannot serve these settings, or null when it can.</summary>
    public string? Mismatch(CollectionInfo info)
    {
        var parameters = info.Config.Params;
        if (Sparse)
        {
            return parameters.SparseVectorsConfig?.Map.TryGetValue(SparseVectorName, out var sparse) == true && sparse.Modifier == Modifier.Idf
                ? null
                : $"Qdrant collection '{Name}' has no sparse vector '{SparseVectorName}' with the IDF modifier; point Qdrant:KeywordsCollection at a new collection.";
        }

        var dense = parameters.VectorsConfig?.Params;
        if (dense is null)
        {
            return $"Qdrant collection '{Name}' has no single unnamed dense vector; point the setting at a new collection.";
        }

        if (dense.Size != (ulong)Options.Dimensions)
        {
            return $"Qdrant collection '{Name}' holds vectors of {dense.Size} numbers, but Qdrant:Dimensions is {Options.Dimensions}.";
        }

        return dense.Distance == Distance ? null : $"Qdrant collection '{Name}' scores by {dense.Distance}, but Qdrant:Distance is {Options.Distance}.";
    }

    public OptionsValidationException Refusal(string mismatch) => new(QdrantOptions.SectionName, typeof(QdrantOptions), [mismatch]);
}
