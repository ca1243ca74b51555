namespace RagMemory.Ingestion;

/// <summary>The states of an ingestion event, as the API reports them.</summary>
public static class IngestStates
{
    public const string Queued = "queued";
    public const string Processing = "processing";
    public const string Done = "done";

    /// <summary>The last attempt failed and another is scheduled.</summary>
    public const string Failed = "failed";

    /// <summary>Every attempt failed; the event waits for a person to replay it.</summary>
    public const string DeadLettered = "dead_lettered";

    public static readonly IReadOnlyList<string> All = [Queued, Processing, Done, Failed, DeadLettered];
}
