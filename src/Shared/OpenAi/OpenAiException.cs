namespace RagMemory.OpenAi;

/// <summary>
/// An OpenAI-compatible endpoint failed a request: <see cref="Status"/> is the HTTP status it answered (0 when it could
/// not be reached), the message says which endpoint and what it said. The backend's pipeline counts it as a failure.
/// </summary>
public sealed class OpenAiException(int status, string message, Exception? inner = null) : Exception(message, inner)
{
    public int Status { get; } = status;
}
