namespace RagMemory.Logging;

/// <summary>
/// The correlation id of the work in progress: set per request by the API's middleware and per ingestion event by the
/// worker, so that a request and the ingestion it caused share one id in the logs.
/// </summary>
public static class CorrelationContext
{
    public const string PropertyName = "CorrelationId";
    private static readonly AsyncLocal<string?> CurrentId = new();

    public static string? Current
    {
        get => CurrentId.Value;
        set => CurrentId.Value = value;
    }
}
