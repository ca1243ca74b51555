namespace RagMemory.Answers;

/// <summary>How answers behave whatever engine writes them (bound from <c>Answers</c>).</summary>
public sealed class AnswersOptions
{
    public const string SectionName = "Answers";

    /// <summary>
    /// The answerer that stands in when the configured model fails (down, timing out, refusing): <c>None</c> (the
    /// failure is the answer: 502, 503 or 504) or <c>Extractive</c> (the extractive answer, marked as the fallback).
    /// </summary>
    public string Fallback { get; set; } = None;

    public const string None = "None";
}
