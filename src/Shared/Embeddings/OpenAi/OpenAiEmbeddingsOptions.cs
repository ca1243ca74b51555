using System.ComponentModel.DataAnnotations;
using RagMemory.OpenAi;

namespace RagMemory.Embeddings.OpenAi;

/// <summary>The embeddings endpoint (bound from <c>OpenAi:Embeddings</c>; used when <c>Engines:Embeddings=OpenAi</c>).</summary>
public sealed class OpenAiEmbeddingsOptions : OpenAiEndpointOptions
{
    public const string SectionName = "OpenAi:Embeddings";

    /// <summary>Length of the model's vectors; every stored vector has it, and the first embedding is checked against it.</summary>
    public int Dimensions { get; set; }

    /// <summary>Texts per request.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>
    /// Whether to ask the endpoint for <see cref="Dimensions"/> (OpenAI's text-embedding-3 models can shorten their
    /// vectors); most other servers refuse the parameter, so it is off by default.
    /// </summary>
    public bool SendDimensions { get; set; }

    protected override string Section => SectionName;

    protected override IEnumerable<ValidationResult> ValidateSection()
    {
        if (Dimensions is < 1 or > 4096)
        {
            yield return Invalid(nameof(Dimensions), $"is required: the length of the model's vectors, between 1 and 4096 (it is {Dimensions}).");
        }

        if (BatchSize is < 1 or > 2048)
        {
            yield return Invalid(nameof(BatchSize), $"must be between 1 and 2048; it is {BatchSize}.");
        }
    }
}
