using System.Globalization;
using RagMemory.Answers;

namespace RagMemory.Portal.Components.Search;

/// <summary>A model's token usage as the answer panel shows it: "12 tokens in, 30 out".</summary>
public static class AnswerUsageText
{
    public static string Of(AnswerUsage usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return string.Create(CultureInfo.InvariantCulture, $"{Count(usage.InputTokens)} tokens in, {Count(usage.OutputTokens)} out");
    }

    private static string Count(long? tokens) => tokens?.ToString("N0", CultureInfo.InvariantCulture) ?? "?";
}
