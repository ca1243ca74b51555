namespace RagMemory.LoadTest.Baselines;

/// <summary>
/// Texts through <c>POST /ingest/</c> until all are done (searchable), against the bare embedder on the very chunks
/// the pipeline cuts them into. <see cref="Ratio"/> is the API's rate over the embedder's: 1 means no overhead.
/// </summary>
public sealed record IngestionResult(int Texts, int Chunks, double ApiSeconds, double EmbedderSeconds)
{
    public double ApiTextsPerSecond => Texts / ApiSeconds;

    public double EmbedderTextsPerSecond => Texts / EmbedderSeconds;

    public double Ratio => EmbedderSeconds / ApiSeconds;
}
