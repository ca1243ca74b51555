using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RagMemory.Embeddings;
using RagMemory.Embeddings.OpenAi;
using RagMemory.OpenAi;

namespace RagMemory.Tests.Engines.OpenAi;

/// <summary>The OpenAI embeddings adapter on the wire, against <see cref="OpenAiCompatibleTestDouble"/>.</summary>
public sealed class OpenAiEmbeddingGeneratorWireTests : IAsyncLifetime
{
    private OpenAiCompatibleTestDouble _server = default!;

    public async Task InitializeAsync() => _server = await OpenAiCompatibleTestDouble.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Texts_are_embedded_in_batches_in_order_with_the_configured_model()
    {
        using var generator = Generator(o => o.BatchSize = 2);

        var embeddings = await generator.GenerateAsync(["one text", "two texts", "three texts"]);

        Assert.Equal(3, embeddings.Count);
        Assert.All(embeddings, e => Assert.Equal(16, e.Vector.Length));
        Assert.Equal(OpenAiCompatibleTestDouble.Embed("two texts", 16), embeddings[1].Vector.ToArray());
        var requests = _server.EmbeddingRequests;
        Assert.Equal(2, requests.Count);
        Assert.Equal(["one text", "two texts"], requests[0].Body["input"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.Equal(["three texts"], requests[1].Body["input"]!.AsArray().Select(i => i!.GetValue<string>()));
        Assert.All(requests, r => Assert.Equal(OpenAiCompatibleTestDouble.EmbeddingModel, r.Body["model"]!.GetValue<string>()));
        Assert.All(requests, r => Assert.Null(r.Body["dimensions"]));
        Assert.True(embeddings.Usage?.InputTokenCount > 0);
    }

    [Fact]
    public async Task SendDimensions_asks_the_endpoint_for_the_configured_length()
    {
        using var generator = Generator(o => o.SendDimensions = true);

        await generator.GenerateAsync(["a text"]);

        Assert.Equal(16, Assert.Single(_server.EmbeddingRequests).Body["dimensions"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_vector_of_another_length_than_configured_is_refused_naming_the_key()
    {
        using var generator = Generator(o => o.Dimensions = 384);

        var failure = await Assert.ThrowsAsync<OpenAiException>(() => generator.GenerateAsync(["a text"]));

        Assert.Contains("16 dimensions, but OpenAi:Embeddings:Dimensions is 384", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_500_is_an_OpenAi_failure()
    {
        _server.FailNext("embeddings", 500);
        using var generator = Generator();

        var failure = await Assert.ThrowsAsync<OpenAiException>(() => generator.GenerateAsync(["a text"]));

        Assert.Equal(500, failure.Status);
    }

    [Fact]
    public void The_generator_names_its_model_and_dimensions()
    {
        using var generator = Generator();

        Assert.Equal(new EmbedderIdentity("openai", OpenAiCompatibleTestDouble.EmbeddingModel, 16), EmbedderIdentity.Of(generator));
    }

    private OpenAiEmbeddingGenerator Generator(Action<OpenAiEmbeddingsOptions>? configure = null)
    {
        var options = new OpenAiEmbeddingsOptions
        {
            BaseUrl = _server.BaseUrl,
            Model = OpenAiCompatibleTestDouble.EmbeddingModel,
            ApiKey = OpenAiCompatibleTestDouble.ApiKey,
            Dimensions = 16,
        };
        configure?.Invoke(options);
        return new OpenAiEmbeddingGenerator(Options.Create(options), TimeProvider.System);
    }
}
