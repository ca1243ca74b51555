using System.Diagnostics;
using Microsoft.Extensions.AI;

namespace RagMemory.Load.Ingestion;

/// <summary>The baseline of ingestion speed: the embedder alone over the same texts, in its configured batches.</summary>
public static class RawEmbedderRun
{
    public static async Task<(TimeSpan Elapsed, IReadOnlyList<float[]> Vectors)> EmbedAsync(IEmbeddingGenerator<string, Embedding<float>> embedder, IReadOnlyList<string> texts)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        var started = Stopwatch.GetTimestamp();
        var embeddings = await embedder.GenerateAsync(texts);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return (elapsed, embeddings.Select(e => e.Vector.ToArray()).ToList());
    }
}
