namespace RagMemory.Load.Ingestion;

/// <summary>
/// Texts per second through <c>POST /ingest/</c> until searchable, through the bare embedder on the same texts, and
/// through the bare embedder on the chunks the pipeline makes of them (the embedding work ingestion cannot avoid).
/// </summary>
public sealed record IngestionThroughput(int Texts, int Chunks, double RawEmbedderSeconds, double RawChunksSeconds, double IngestSeconds)
{
    public double RawTextsPerSecond => Texts / RawEmbedderSeconds;

    public double RawChunksTextsPerSecond => Texts / RawChunksSeconds;

    public double IngestTextsPerSecond => Texts / IngestSeconds;

    public double Ratio => IngestTextsPerSecond / RawTextsPerSecond;

    public double ChunkRatio => IngestTextsPerSecond / RawChunksTextsPerSecond;
}
