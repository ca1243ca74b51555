namespace RagMemory.Qdrant;

/// <summary>The similarities a Qdrant collection may score with: both answer "higher is more alike", as the ports promise.</summary>
public enum QdrantDistance
{
    Cosine = 1,
    Dot = 2,
}
