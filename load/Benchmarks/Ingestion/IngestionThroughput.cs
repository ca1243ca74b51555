namespace RagMemory.Load.Ingestion;

/// <summary>Texts per second through <c>POST /ingest/</c> until searchable, and through the bare embedder, in one run.</summary>
public sealed record IngestionThroughput(int Texts, int Chunks, double RawEmbedderSeconds, double IngestSeconds)
{
    public double RawTextsPerSecond => Texts / RawEmbedderSeconds;

    public double IngestTextsPerSecond => Texts / IngestSeconds;

    public double Ratio => IngestTextsPerSecond / RawTextsPerSecond;
}
