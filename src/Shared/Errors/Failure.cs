using Polly.CircuitBreaker;
using Polly.Timeout;

namespace RagMemory.Errors;

/// <summary>
/// What a failure means to a caller: the HTTP status, a message safe to show, the field at fault and when to retry.
/// The API's exception handler and the portal both classify through <see cref="Of"/>, so a person and a program
/// see the same categories. <see cref="CorrelationId"/> names the request or portal action in the logs.
/// </summary>
public sealed record Failure(int Status, string Message, string? Field = null, TimeSpan? RetryAfter = null, string? CorrelationId = null)
{
    private static readonly TimeSpan DefaultBreakRetryAfter = TimeSpan.FromSeconds(15);

    public static Failure Of(Exception exception) => exception switch
    {
        InvalidInputException invalid => new(400, invalid.Message, invalid.Field),
        ForbiddenException forbidden => new(403, forbidden.Message),
        NotFoundException notFound => new(404, notFound.Message),
        ConflictException conflict => new(409, conflict.Message),
        ShuttingDownException shuttingDown => new(503, shuttingDown.Message, RetryAfter: ShuttingDownException.RetryAfter),
        RateLimitExceededException limited => new(429, limited.Message, RetryAfter: limited.RetryAfter),
        QueueFullException full => new(503, full.Message, RetryAfter: full.RetryAfter),
        UpstreamFailureException { InnerException: UpstreamBusyException busy } upstream => new(503, $"{upstream.Message} {busy.Message}", RetryAfter: busy.RetryAfter),
        UpstreamFailureException { Kind: UpstreamFailureKind.Unavailable } upstream => new(503, $"The {upstream.Backend} backend is unavailable; try again later.", RetryAfter: DefaultBreakRetryAfter),
        UpstreamFailureException { Kind: UpstreamFailureKind.TimedOut } upstream => new(504, $"The {upstream.Backend} backend did not answer in time."),
        UpstreamFailureException { InnerException: BackendFaultException } => new(500, "An unexpected error occurred."),
        UpstreamFailureException upstream => new(502, upstream.Message),
        IsolatedCircuitException => new(503, "The backend is isolated by an operator; try again when it is reset.", RetryAfter: DefaultBreakRetryAfter),
        BrokenCircuitException broken => new(503, "The backend is failing and its circuit breaker is open; try again later.", RetryAfter: broken.RetryAfter ?? DefaultBreakRetryAfter),
        TimeoutRejectedException => new(504, "The backend did not answer in time."),
        _ => new(500, "An unexpected error occurred."),
    };

    public override string ToString() => CorrelationId is null ? $"{Status} · {Message}" : $"{Status} · {Message} (correlation id {CorrelationId})";
}
