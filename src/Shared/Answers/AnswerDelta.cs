namespace RagMemory.Answers;

/// <summary>Text the model has just written, to append to what came before.</summary>
public sealed record AnswerDelta(string Text) : AnswerUpdate;
