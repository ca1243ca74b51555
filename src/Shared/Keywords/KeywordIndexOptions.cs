namespace RagMemory.Keywords;

/// <summary>Settings of keyword search (bound from <c>Keywords</c>).</summary>
public sealed class KeywordIndexOptions
{
    public const string SectionName = "Keywords";

    /// <summary>
    /// Leave <see cref="QueryStopWords"/> out of the query (unless nothing else is left). Measured on Cranfield in
    /// docs/performance.md.
    /// </summary>
    public bool DropQueryStopWords { get; set; } = true;
}
