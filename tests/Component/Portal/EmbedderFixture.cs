using Microsoft.Extensions.Options;
using RagMemory.Embeddings;
using RagMemory.Embeddings.MiniLm;

namespace RagMemory.Tests.Portal;

/// <summary>
/// One real all-MiniLM-L6-v2 embedder for every portal test: loading the model takes about a second, and one encoder
/// is safe to share. It is loaded once, before the first test of the group.
/// </summary>
public sealed class EmbedderFixture : IAsyncLifetime
{
    public MiniLmEmbeddingGenerator Embedder { get; } = new(Options.Create(new EmbeddingOptions()));

    public Task InitializeAsync() => Embedder.GenerateAsync(["load the model"]);

    public Task DisposeAsync()
    {
        Embedder.Dispose();
        return Task.CompletedTask;
    }
}
