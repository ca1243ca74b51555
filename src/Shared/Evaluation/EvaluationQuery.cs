namespace RagMemory.Evaluation;

/// <summary>A query of an evaluation collection, with the id its relevance judgements use.</summary>
public sealed record EvaluationQuery(string Id, string Text);
