using System.Collections.Concurrent;
using Microsoft.Extensions.AI;

namespace RagMemory.Load.Retrieval;

/// <summary>Remembers the embedding of each query, so that a sweep over fusion settings embeds every query once.</summary>
public sealed class CachingEmbedder(IEmbeddingGenerator<string, Embedding<float>> inner) : IEmbeddingGenerator<string, Embedding<float>>
{
    private readonly ConcurrentDictionary<string, Embedding<float>> _cache = new(StringComparer.Ordinal);

    public async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        var texts = values.ToList();
        var missing = texts.Where(t => !_cache.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            var generated = await inner.GenerateAsync(missing, options, cancellationToken);
            for (var i = 0; i < missing.Count; i++)
            {
                _cache[missing[i]] = generated[i];
            }
        }

        return [.. texts.Select(t => _cache[t])];
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => inner.GetService(serviceType, serviceKey);

    public void Dispose()
    {
        // The inner generator belongs to the host.
    }
}
