namespace RagMemory.Engines;

/// <summary>
/// Implemented by every engine adapter, so readiness and the Health page say which engine serves a concern, its
/// version and how much it holds, without knowing any engine themselves.
/// </summary>
public interface IDescribesEngine
{
    /// <summary>Asks the engine (a round trip for a remote one), so a description that comes back also proves it answers.</summary>
    Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default);
}

/// <summary>What an adapter says of its engine: <c>Engine</c> is a display name ("SQLite FTS5", "Qdrant"), <c>Location</c> where it lives (a file, an endpoint without credentials).</summary>
public sealed record EngineDescription(string Engine, string? Version, string? Location, IReadOnlyList<EngineSize> Sizes);

/// <summary>One amount an engine holds: <c>("chunks", 1200, "records")</c>, <c>("index file", 5_000_000, "bytes")</c>.</summary>
public sealed record EngineSize(string What, long Amount, string Unit)
{
    public const string Records = "records";
    public const string Bytes = "bytes";

    /// <summary>A count that is neither records nor bytes, such as a model's dimensions.</summary>
    public const string Other = "other";
}
