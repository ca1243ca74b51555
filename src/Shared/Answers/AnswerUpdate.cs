namespace RagMemory.Answers;

/// <summary>One piece of a streamed answer: text as the model writes it (<see cref="AnswerDelta"/>), then the whole answer (<see cref="AnswerCompleted"/>).</summary>
public abstract record AnswerUpdate;
