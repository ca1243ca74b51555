using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RagMemory.Embeddings;
using RagMemory.Embeddings.MiniLm;

namespace RagMemory.Tests.Engines;

/// <summary>One real all-MiniLM-L6-v2 embedder for every test in the <see cref="MiniLmCollection"/>; the model loads once.</summary>
public sealed class MiniLmFixture : IDisposable
{
    private readonly MiniLmEmbeddingGenerator _generator = new(Options.Create(new EmbeddingOptions()));

    public IEmbeddingGenerator<string, Embedding<float>> Generator => _generator;

    public void Dispose() => _generator.Dispose();
}
