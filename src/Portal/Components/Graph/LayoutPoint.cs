namespace RagMemory.Portal.Components.Graph;

/// <summary>A node's position in the layout's drawing area.</summary>
public readonly record struct LayoutPoint(double X, double Y);
