namespace RagMemory.Answers;

/// <summary>The last update of a streamed answer: the whole text with its citations, model and usage.</summary>
public sealed record AnswerCompleted(Answer Answer) : AnswerUpdate;
