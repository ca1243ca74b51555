using Microsoft.Extensions.Options;
using RagMemory.Engines;
using RagMemory.Tests.Api;

namespace RagMemory.Tests.Engines;

/// <summary>The <c>Engines</c> section picks each concern's engine; a bad choice stops the start and names the key.</summary>
public sealed class EngineSelectionTests
{
    [Fact]
    public void By_default_every_concern_runs_its_embedded_engine()
    {
        var chosen = EngineCatalog.Choose(new EnginesOptions());

        Assert.Equal(["Embedded", "MiniLm", "Embedded", "Embedded", "Embedded", "Embedded", "Extractive"], chosen.Select(c => c.Name));
    }

    [Fact]
    public void Names_are_matched_without_regard_to_case()
    {
        var chosen = EngineCatalog.Choose(new EnginesOptions { Vectors = "embedded", Embeddings = "MINILM" });

        Assert.Equal(7, chosen.Count);
    }

    [Fact]
    public void An_unknown_engine_is_refused_with_the_key_and_the_known_names()
    {
        var refused = Assert.Throws<OptionsValidationException>(() => EngineCatalog.Choose(new EnginesOptions { Vectors = "Pinecone" }));

        Assert.Equal(["Engines:Vectors is 'Pinecone', which names no engine; known: Embedded, Qdrant."], refused.Failures);
    }

    [Fact]
    public void Qdrant_serves_vectors_and_keywords_when_chosen()
    {
        var chosen = EngineCatalog.Choose(new EnginesOptions { Vectors = "Qdrant", Keywords = "qdrant" });

        Assert.Equal(["Embedded", "MiniLm", "Qdrant", "Qdrant", "Embedded", "Embedded", "Extractive"], chosen.Select(c => c.Name));
    }

    [Fact]
    public void Every_bad_key_is_named_at_once()
    {
        var refused = Assert.Throws<OptionsValidationException>(() => EngineCatalog.Choose(new EnginesOptions { Graph = "ArangoDb", Answers = "Oracle" }));

        Assert.Equal(2, refused.Failures.Count());
    }

    [Fact]
    public void The_host_does_not_start_with_a_bad_engine_and_says_which_key()
    {
        using var factory = new RagMemoryApiFactory();
        factory.Settings["Engines:Ingestion"] = "RabbitMq";

        var refused = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Engines:Ingestion is 'RabbitMq'", refused.Message, StringComparison.Ordinal);
    }
}
