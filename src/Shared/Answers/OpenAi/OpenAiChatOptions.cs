using System.ComponentModel.DataAnnotations;
using RagMemory.OpenAi;

namespace RagMemory.Answers.OpenAi;

/// <summary>The chat endpoint that writes answers (bound from <c>OpenAi:Chat</c>; used when <c>Engines:Answers=OpenAi</c>).</summary>
public sealed class OpenAiChatOptions : OpenAiEndpointOptions
{
    public const string SectionName = "OpenAi:Chat";

    /// <summary>Sampling temperature; unset leaves the server's default.</summary>
    public float? Temperature { get; set; }

    /// <summary>Longest answer in tokens; unset leaves the server's default.</summary>
    public int? MaxOutputTokens { get; set; }

    protected override string Section => SectionName;

    protected override IEnumerable<ValidationResult> ValidateSection()
    {
        if (Temperature is < 0 or > 2)
        {
            yield return Invalid(nameof(Temperature), $"must be between 0 and 2; it is {Temperature}.");
        }

        if (MaxOutputTokens is < 1 or > 1_000_000)
        {
            yield return Invalid(nameof(MaxOutputTokens), $"must be between 1 and 1000000; it is {MaxOutputTokens}.");
        }
    }
}
