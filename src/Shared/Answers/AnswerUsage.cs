using Microsoft.Extensions.AI;

namespace RagMemory.Answers;

/// <summary>Tokens a model reports for one answer: read (the prompt), written (the answer) and their total.</summary>
public sealed record AnswerUsage(long? InputTokens, long? OutputTokens, long? TotalTokens)
{
    /// <summary>The usage a chat client reported, or null when it reported none (the extractive answerer counts no tokens).</summary>
    public static AnswerUsage? From(UsageDetails? usage) =>
        usage is null || (usage.InputTokenCount is null && usage.OutputTokenCount is null && usage.TotalTokenCount is null)
            ? null
            : new AnswerUsage(usage.InputTokenCount, usage.OutputTokenCount, usage.TotalTokenCount ?? usage.InputTokenCount + usage.OutputTokenCount);
}
