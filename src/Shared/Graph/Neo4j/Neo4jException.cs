using RagMemory.Errors;

namespace RagMemory.Graph.Neo4j;

/// <summary>
/// A failure of Neo4j or of the way to it, classified from the Neo4j status code it answered (<see cref="Code"/>, e.g.
/// <c>Neo.TransientError.Transaction.DeadlockDetected</c>) or, when no answer came, from what went wrong on the way
/// (<see cref="Code"/> is then null).
/// </summary>
public sealed class Neo4jException(string? code, string message, UpstreamFailureKind kind, bool isTransient, Exception? inner = null)
    : Exception(code is null ? message : $"{code}: {message}", inner), IClassifiedUpstreamFailure
{
    public const string ConstraintValidationFailed = "Neo.ClientError.Schema.ConstraintValidationFailed";

    public string? Code { get; } = code;

    public UpstreamFailureKind Kind { get; } = kind;

    public bool IsTransient { get; } = isTransient;

    /// <summary>
    /// The meaning of a status code Neo4j answered: transient errors may pass on a retry (503 when they do not);
    /// timeouts are 504; everything else (authentication, a refused statement, a database error) is a 502 that a retry
    /// would not change. A constraint violation never gets here: the adapter answers it with a conflict (409).
    /// </summary>
    public static Neo4jException FromCode(string code, string message)
    {
        if (code.Contains("TimedOut", StringComparison.Ordinal))
        {
            return new Neo4jException(code, message, UpstreamFailureKind.TimedOut, isTransient: true);
        }

        return code.StartsWith("Neo.TransientError.", StringComparison.Ordinal)
            ? new Neo4jException(code, message, UpstreamFailureKind.Unavailable, isTransient: true)
            : new Neo4jException(code, message, UpstreamFailureKind.Failed, isTransient: false);
    }
}
