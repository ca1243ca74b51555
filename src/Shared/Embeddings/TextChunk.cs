namespace RagMemory.Embeddings;

/// <summary>One piece of a text small enough for the embedder; <see cref="Index"/> is its position in the text.</summary>
public sealed record TextChunk(int Index, string Text);
