namespace RagMemory.Answers;

public sealed record Answer(string Text, IReadOnlyList<Citation> Citations, string Model);
