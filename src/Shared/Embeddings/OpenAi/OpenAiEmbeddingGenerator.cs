using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RagMemory.Engines;
using RagMemory.OpenAi;

namespace RagMemory.Embeddings.OpenAi;

/// <summary>
/// Embeddings from any OpenAI-compatible <c>/embeddings</c> endpoint, by Microsoft.Extensions.AI's OpenAI embedding
/// generator, in batches. A vector whose length is not <see cref="OpenAiEmbeddingsOptions.Dimensions"/> is refused, so a
/// model that does not match its configuration fails on its first embedding instead of filling the store with vectors
/// no search can compare.
/// </summary>
public sealed class OpenAiEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>, IDescribesEngine
{
    private readonly OpenAiEmbeddingsOptions _options;
    private readonly TimeProvider _time;
    private readonly OpenAiRequestPolicy _policy;
    private readonly global::OpenAI.OpenAIClient _client;
    private readonly EmbeddingGeneratorMetadata _metadata;

    public OpenAiEmbeddingGenerator(IOptions<OpenAiEmbeddingsOptions> options, TimeProvider time)
        : this(options.Value, time, new OpenAiRequestPolicy(options.Value, time))
    {
    }

    private OpenAiEmbeddingGenerator(OpenAiEmbeddingsOptions options, TimeProvider time, OpenAiRequestPolicy policy)
        : this(options, time, policy, OpenAiClients.Create(options, policy))
    {
    }

    private OpenAiEmbeddingGenerator(OpenAiEmbeddingsOptions options, TimeProvider time, OpenAiRequestPolicy policy, global::OpenAI.OpenAIClient client)
        // A length given here would be sent with every request, which most servers other than OpenAI's refuse.
        : base(client.GetEmbeddingClient(options.Model).AsIEmbeddingGenerator(options.SendDimensions ? options.Dimensions : null))
    {
        _options = options;
        _time = time;
        _policy = policy;
        _client = client;
        _metadata = new EmbeddingGeneratorMetadata("openai", options.Endpoint(), options.Model, options.Dimensions);
    }

    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var request = options?.Clone() ?? new EmbeddingGenerationOptions();
        request.Dimensions = _options.SendDimensions ? _options.Dimensions : null;
        var result = new GeneratedEmbeddings<Embedding<float>>();
        try
        {
            foreach (var batch in values.Chunk(_options.BatchSize))
            {
                var embeddings = await base.GenerateAsync(batch, request, cancellationToken).ConfigureAwait(false);
                if (embeddings.Count != batch.Length)
                {
                    throw new OpenAiException(200, $"The embeddings endpoint {_options.Location()} returned {embeddings.Count} vectors for {batch.Length} texts.");
                }

                foreach (var embedding in embeddings)
                {
                    if (embedding.Vector.Length != _options.Dimensions)
                    {
                        throw new OpenAiException(200, $"The model '{_options.Model}' at {_options.Location()} returned a vector of {embedding.Vector.Length} dimensions, but {OpenAiEmbeddingsOptions.SectionName}:Dimensions is {_options.Dimensions}; set it to the model's length.");
                    }
                }

                result.AddRange(embeddings);
                result.Usage = Add(result.Usage, embeddings.Usage);
            }
        }
        catch (Exception exception) when (exception is not OpenAiException)
        {
            throw OpenAiFailures.Classify(exception, _options, OpenAiEmbeddingsOptions.SectionName, _time, cancellationToken);
        }

        return result;
    }

    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata : base.GetService(serviceType, serviceKey);

    public async Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var models = await _client.GetOpenAIModelClient().GetModelsAsync(cancellationToken).ConfigureAwait(false);
            return new EngineDescription("OpenAI-compatible embeddings", null, _options.Location(), [new EngineSize("models served", models.Value.Count, EngineSize.Records)]);
        }
        catch (Exception exception)
        {
            throw OpenAiFailures.Classify(exception, _options, OpenAiEmbeddingsOptions.SectionName, _time, cancellationToken);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _policy.Dispose();
        }

        base.Dispose(disposing);
    }

    private static UsageDetails? Add(UsageDetails? total, UsageDetails? more)
    {
        if (more is null)
        {
            return total;
        }

        total ??= new UsageDetails();
        total.Add(more);
        return total;
    }
}
