namespace RagMemory.Graph;

/// <summary>The nodes within a depth of a start node and the relationships among them.</summary>
public sealed record GraphNeighborhood(IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphRelationship> Relationships, bool Truncated);
