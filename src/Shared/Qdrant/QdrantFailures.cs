using Grpc.Core;
using Polly.Timeout;
using RagMemory.Errors;

namespace RagMemory.Qdrant;

/// <summary>
/// What a failed Qdrant call means, decided here so the rest of the service sees only its own error types:
/// unavailable stays a failure the breaker counts (502, then 503 while it is open); deadline exceeded is a timeout (504);
/// an invalid argument is the caller's when a request field caused it (400 naming <c>field</c>), ours otherwise; a cancellation we asked for is a
/// cancellation; anything else is a <see cref="BackendFaultException"/> (500, no detail shown).
/// </summary>
public static class QdrantFailures
{
    public static async Task<T> Call<T>(string operation, string? field, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (RpcException exception)
        {
            throw Classify(exception, operation, field, cancellationToken);
        }
    }

    public static async Task Call(string operation, string? field, Func<Task> call, CancellationToken cancellationToken)
    {
        try
        {
            await call().ConfigureAwait(false);
        }
        catch (RpcException exception)
        {
            throw Classify(exception, operation, field, cancellationToken);
        }
    }

    public static Exception Classify(RpcException exception, string operation, string? field, CancellationToken cancellationToken) => exception.StatusCode switch
    {
        StatusCode.Unavailable => exception,
        StatusCode.DeadlineExceeded => new TimeoutRejectedException($"Qdrant did not answer {operation} before the deadline.", exception),
        StatusCode.InvalidArgument when field is not null => new InvalidInputException(field, $"Qdrant refused the '{field}' of this request: {exception.Status.Detail}"),
        StatusCode.Cancelled when cancellationToken.IsCancellationRequested => new OperationCanceledException($"{operation} was cancelled.", exception, cancellationToken),
        _ => new BackendFaultException($"Qdrant answered {exception.StatusCode} to {operation}: {exception.Status.Detail}", exception),
    };
}
