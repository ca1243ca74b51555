using System.ClientModel.Primitives;
using System.Globalization;
using System.Threading.RateLimiting;
using RagMemory.Errors;

namespace RagMemory.OpenAi;

/// <summary>
/// What every request to one endpoint goes through, inside the OpenAI client's own pipeline: our outbound rate limit
/// (a token bucket of <see cref="OpenAiEndpointOptions.RequestsPerMinute"/>), then the request, then, while the endpoint
/// answers 429, a wait of the Retry-After it gives and another try. A 429 that persists, or asks for a longer wait than
/// <see cref="OpenAiEndpointOptions.MaxRetryAfter"/>, comes back as the response for <see cref="OpenAiFailures"/> to
/// classify as busy.
/// </summary>
internal sealed class OpenAiRequestPolicy(OpenAiEndpointOptions options, TimeProvider time) : PipelinePolicy, IDisposable
{
    /// <summary>When the endpoint sends 429 without saying how long to wait.</summary>
    public static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    private readonly RateLimiter? _limiter = options.RequestsPerMinute == 0 ? null : new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
    {
        TokenLimit = options.RequestsPerMinute,
        TokensPerPeriod = options.RequestsPerMinute,
        ReplenishmentPeriod = TimeSpan.FromMinutes(1),
        QueueLimit = options.QueueLimit,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });

    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex) =>
        ProcessAsync(message, pipeline, currentIndex).AsTask().GetAwaiter().GetResult();

    public override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var permit = await AcquireAsync(message.CancellationToken).ConfigureAwait(false);
            await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
            if (message.Response is not { Status: 429 } response || attempt >= options.RateLimitRetries)
            {
                return;
            }

            var wait = RetryAfter(response, time.GetUtcNow());
            if (wait > options.MaxRetryAfter)
            {
                return;
            }

            await Task.Delay(wait, time, message.CancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The wait a response asks for: OpenAI's <c>retry-after-ms</c>, else <c>Retry-After</c> in seconds or as an HTTP
    /// date, else <see cref="DefaultRetryAfter"/>.
    /// </summary>
    public static TimeSpan RetryAfter(PipelineResponse response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Headers.TryGetValue("retry-after-ms", out var milliseconds)
            && double.TryParse(milliseconds, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        if (response.Headers.TryGetValue("Retry-After", out var value) && value is not null)
        {
            if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return at > now ? at - now : TimeSpan.Zero;
            }
        }

        return DefaultRetryAfter;
    }

    public void Dispose() => _limiter?.Dispose();

    private async ValueTask<RateLimitLease?> AcquireAsync(CancellationToken cancellationToken)
    {
        if (_limiter is null)
        {
            return null;
        }

        var lease = await _limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (lease.IsAcquired)
        {
            return lease;
        }

        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        lease.Dispose();
        throw new UpstreamBusyException(
            $"More than {options.RequestsPerMinute} requests a minute are waiting for the model endpoint (RequestsPerMinute, QueueLimit {options.QueueLimit}).",
            retryAfter);
    }
}
