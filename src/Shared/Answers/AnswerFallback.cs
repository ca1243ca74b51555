namespace RagMemory.Answers;

/// <summary>Marks an answer made by the fallback answerer: which model failed and how (status and message, as the API would have answered).</summary>
public sealed record AnswerFallback(string FailedModel, string Failure);
