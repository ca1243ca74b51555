namespace RagMemory.Portal.Components.Graph;

/// <summary>What merging found or expanded nodes into a <see cref="GraphView"/> did: how many were new, and whether the cap left some out.</summary>
public readonly record struct GraphMerge(int Added, bool Capped);
