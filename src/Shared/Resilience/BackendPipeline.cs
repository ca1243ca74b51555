using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;
using RagMemory.Errors;
using RagMemory.Observability;

namespace RagMemory.Resilience;

/// <summary>
/// One backend's Polly pipeline: retry with jitter (idempotent calls only) around a circuit breaker around a per-attempt
/// timeout. Failures that are the caller's fault (bad input, not found, conflict) pass through without counting. A busy
/// backend (<see cref="UpstreamBusyException"/>) is not retried here: its adapter has already waited as long as it asked.
/// </summary>
public sealed partial class BackendPipeline
{
    private static readonly ResiliencePropertyKey<bool> IdempotentKey = new("ragmemory.idempotent");
    private readonly ResiliencePipeline _pipeline;
    private readonly ResiliencePipeline _unsampled;
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly CircuitBreakerManualControl _control = new();
    private readonly OutcomeWindow _outcomes;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RagMemoryMetrics _metrics;
    private DateTimeOffset _since;
    private volatile string? _lastError;
    private DateTimeOffset? _lastErrorAt;

    public BackendPipeline(string name, BackendResilienceOptions options, TimeProvider time, RagMemoryMetrics metrics, ILogger logger)
    {
        Name = name;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _since = time.GetUtcNow();
        _outcomes = new OutcomeWindow(options.SamplingDuration, time);
        _pipeline = new ResiliencePipelineBuilder { Name = name, TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Context.Properties.GetValue(IdempotentKey, false) && args.Outcome.Exception is { } e and not BrokenCircuitException and not UpstreamBusyException && CountsAsFailure(e) && MayPassOnRetry(e)),
                MaxRetryAttempts = Math.Max(1, options.RetryAttempts),
                Delay = options.RetryBaseDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && CountsAsFailure(e)),
                FailureRatio = options.FailureRatio,
                MinimumThroughput = options.MinimumThroughput,
                SamplingDuration = options.SamplingDuration,
                BreakDuration = options.BreakDuration,
                StateProvider = _state,
                ManualControl = _control,
                OnOpened = args => Changed("open", args.Outcome.Exception),
                OnHalfOpened = _ => Changed("half_open", null),
                OnClosed = _ => Changed("closed", null),
            })
            .AddTimeout(options.Timeout)
            .Build();
        _unsampled = new ResiliencePipelineBuilder { Name = $"{name}.poll", TimeProvider = time }.AddTimeout(options.Timeout).Build();
        RetryEnabled = options.RetryAttempts > 0;
    }

    public string Name { get; }

    private bool RetryEnabled { get; }

    public event Action<string, string>? StateChanged;

    public Task<T> ExecuteAsync<T>(bool idempotent, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken) =>
        ExecuteAsync(idempotent, action, System.Diagnostics.Stopwatch.GetTimestamp(), cancellationToken);

    /// <summary>
    /// A poll for work (the worker's receive), which an idle backend answers with nothing. An empty answer says nothing
    /// of the backend's health, but Polly's breaker counts every outcome it does not handle as a success, so an idle
    /// poller would dilute the failure ratio and a failing backend would open its breaker late. While the breaker is
    /// closed the poll therefore runs beside it, under the same timeout, and only a poll that found work or failed is
    /// shown to the breaker afterwards (its outcome replayed through the pipeline, not the poll itself). An open,
    /// isolated or half-open breaker takes the poll as any call: refused, or let through as its probe.
    /// </summary>
    public async Task<IReadOnlyList<T>> PollAsync<T>(Func<CancellationToken, Task<IReadOnlyList<T>>> poll, CancellationToken cancellationToken)
    {
        if (_state.CircuitState != CircuitState.Closed)
        {
            return await ExecuteAsync(false, poll, cancellationToken).ConfigureAwait(false);
        }

        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        IReadOnlyList<T> found;
        try
        {
            found = await _unsampled.ExecuteAsync(static async (work, ct) => await work(ct).ConfigureAwait(false), poll, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (CountsAsFailure(exception))
        {
            return await ExecuteAsync(false, _ => Task.FromException<IReadOnlyList<T>>(exception), started, CancellationToken.None).ConfigureAwait(false);
        }

        if (found.Count == 0)
        {
            _metrics.BackendCalled(Name, "success", System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return found;
        }

        try
        {
            return await ExecuteAsync(false, _ => Task.FromResult(found), started, CancellationToken.None).ConfigureAwait(false);
        }
        catch (BrokenCircuitException)
        {
            // The breaker opened while the poll ran: what it handed out is held for this caller and must reach it.
            return found;
        }
    }

    private async Task<T> ExecuteAsync<T>(bool idempotent, Func<CancellationToken, Task<T>> action, long started, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(IdempotentKey, idempotent && RetryEnabled);
        try
        {
            var result = await _pipeline.ExecuteAsync(static async (ctx, work) => await work(ctx.CancellationToken).ConfigureAwait(false), context, action).ConfigureAwait(false);
            _outcomes.Record(success: true);
            _metrics.BackendCalled(Name, "success", System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return result;
        }
        catch (BrokenCircuitException)
        {
            // A refusal by the open breaker never reached the backend: it is neither a call nor its last error.
            _metrics.BackendCalled(Name, "rejected", System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
        catch (Exception exception) when (CountsAsFailure(exception))
        {
            _outcomes.Record(success: false);
            _metrics.BackendCalled(Name, exception is TimeoutRejectedException ? "timeout" : "failure", System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            _lastError = $"{exception.GetType().Name}: {exception.Message}";
            _lastErrorAt = _time.GetUtcNow();
            if (exception is TimeoutRejectedException)
            {
                throw;
            }

            throw new UpstreamFailureException(Name, exception);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public async Task ExecuteAsync(bool idempotent, Func<CancellationToken, Task> action, CancellationToken cancellationToken) =>
        await ExecuteAsync<bool>(idempotent, async ct =>
        {
            await action(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);

    public BreakerStatus Status()
    {
        var (ratio, calls) = _outcomes.FailureRatio();
        return new BreakerStatus(Name, StateName(_state.CircuitState), ratio, calls, _lastError, _lastErrorAt, _since);
    }

    /// <summary>Opens the breaker until <see cref="ResetAsync"/>: every call is refused with 503.</summary>
    public async Task IsolateAsync()
    {
        await _control.IsolateAsync().ConfigureAwait(false);
        await Changed("isolated", null).ConfigureAwait(false);
    }

    public Task ResetAsync() => _control.CloseAsync();

    /// <summary>Failures of the backend itself, as opposed to the caller's mistakes or cancellations.</summary>
    public static bool CountsAsFailure(Exception exception) =>
        exception is not (InvalidInputException or NotFoundException or ConflictException or OperationCanceledException);

    /// <summary>An adapter that classified a failure as permanent (a refused password, a broken statement) is not asked again.</summary>
    private static bool MayPassOnRetry(Exception exception) => exception is not IClassifiedUpstreamFailure { IsTransient: false };

    private ValueTask Changed(string state, Exception? exception)
    {
        _since = _time.GetUtcNow();
        LogStateChanged(_logger, Name, state, exception?.GetType().Name);
        StateChanged?.Invoke(Name, state);
        return ValueTask.CompletedTask;
    }

    private static string StateName(CircuitState state) => state switch
    {
        CircuitState.Closed => "closed",
        CircuitState.Open => "open",
        CircuitState.HalfOpen => "half_open",
        CircuitState.Isolated => "isolated",
        _ => state.ToString().ToLowerInvariant(),
    };

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Circuit breaker {Backend} is now {State} (last failure {FailureType})")]
    private static partial void LogStateChanged(ILogger logger, string backend, string state, string? failureType);
}
