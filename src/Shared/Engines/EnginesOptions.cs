namespace RagMemory.Engines;

/// <summary>
/// Which engine serves each concern (bound from <c>Engines</c>). The embedded engines are the default: one machine,
/// nothing to install. <see cref="EngineCatalog"/> lists the names each key accepts.
/// </summary>
public sealed class EnginesOptions
{
    public const string SectionName = "Engines";

    public string Vectors { get; set; } = EngineCatalog.Embedded;

    public string Keywords { get; set; } = EngineCatalog.Embedded;

    public string Graph { get; set; } = EngineCatalog.Embedded;

    public string Ingestion { get; set; } = EngineCatalog.Embedded;

    public string State { get; set; } = EngineCatalog.Embedded;

    public string Embeddings { get; set; } = EngineCatalog.MiniLm;

    public string Answers { get; set; } = EngineCatalog.Extractive;
}
