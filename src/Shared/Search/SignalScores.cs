namespace RagMemory.Search;

/// <summary>Each signal's own score for a hit; null where that signal did not find it.</summary>
public sealed record SignalScores(double? Keyword, double? Vector, double? Graph);
