using System.Globalization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.StaticAssets;
using RagMemory.Errors;

namespace RagMemory.Api.RequestPolicies;

/// <summary>
/// The one place where failures become HTTP answers, classified by <see cref="Failure.Of"/>. A 500 says nothing of its
/// cause; the log has it, under the same correlation id.
/// </summary>
public sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            httpContext.Response.StatusCode = 499;
            return true;
        }

        var failure = exception switch
        {
            BadHttpRequestException badRequest => new Failure(badRequest.StatusCode, badRequest.Message),

            // A static asset in the build's manifest whose file is gone (a damaged or partial deployment) is missing, not an error of ours.
            FileNotFoundException when httpContext.GetEndpoint()?.Metadata.GetMetadata<StaticAssetDescriptor>() is not null => new Failure(404, "No such file."),
            _ => Failure.Of(exception),
        };
        ProblemDetails problem = failure.Field is null
            ? new ProblemDetails { Status = failure.Status, Detail = failure.Message }
            : new ValidationProblemDetails(new Dictionary<string, string[]> { [failure.Field] = [failure.Message] }) { Status = failure.Status, Detail = failure.Message };

        if (failure.Status >= 500)
        {
            LogFailure(logger, failure.Status, httpContext.Request.Method, httpContext.Request.Path, exception);
        }

        if (failure.RetryAfter is { } retryAfter)
        {
            httpContext.Response.Headers.RetryAfter = Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        httpContext.Response.StatusCode = failure.Status;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Error, Message = "{Status} for {Method} {Path}")]
    private static partial void LogFailure(ILogger logger, int status, string method, string path, Exception exception);
}
