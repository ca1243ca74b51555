using System.Diagnostics;
using System.Net.Http.Headers;
using RagMemory.LoadTest.Measuring;
using RagMemory.LoadTest.Reporting;
using RagMemory.LoadTest.Scenarios;
using RagMemory.LoadTest.Scheduling;

namespace RagMemory.LoadTest;

/// <summary>
/// Sends a scenario's load to a portal for the run's duration and records every answer. Users and closed-loop
/// workers each sign in once, then loop; the open loop signs in its tokens first and starts requests on schedule.
/// New requests stop at the end of the duration; those in flight get <see cref="LoadSettings.Grace"/> to answer.
/// </summary>
/// <param name="clock">The run's clock, already running: a sign-in before the run is timed on it too.</param>
public sealed class LoadRunner(HttpClient client, LoadSettings settings, IReadOnlyList<LoadTask> tasks, Credentials credentials, TextWriter progress, LoadStats stats, Stopwatch clock)
{
    private readonly WeightedPicker _picker = new(tasks);
    private readonly Stopwatch _clock = clock;
    private int _activeUsers;
    private TimeSpan _start;
    private TimeSpan _end = TimeSpan.MaxValue;

    public LoadStats Stats { get; } = stats;

    public async Task<TimeSpan> RunAsync(CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        using var stopProgress = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _start = _clock.Elapsed;
        _end = _start + settings.Duration;
        var progressLoop = ShowProgressAsync(stopProgress.Token);
        try
        {
            await (settings.Mode == LoadMode.Open ? RunOpenLoopAsync(cancellationToken) : RunUsersAsync(cancellationToken));
        }
        finally
        {
            await stopProgress.CancelAsync();
            await progressLoop;
        }

        var elapsed = _clock.Elapsed - _start;
        await progress.WriteLineAsync(ProgressLine.Format(elapsed, settings.Duration, 0, Stats.Requests, Stats.Requests / elapsed.TotalSeconds,
            Stats.Count(ResponseKind.RateLimited), Stats.Count(ResponseKind.Conflict), Errors()));
        return elapsed;
    }

    private Task RunUsersAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, settings.Users).Select(user => RunUserAsync(user, cancellationToken)));

    private async Task RunUserAsync(int user, CancellationToken cancellationToken)
    {
        var random = new Random(settings.Seed + user);
        await DelayUntilAsync(_start + Schedule.UserStart(user, settings.RampPerSecond), cancellationToken);
        var token = await credentials.SignInAsync(client, Stats, () => _clock.Elapsed, _end, cancellationToken);
        if (token is null)
        {
            return;
        }

        Interlocked.Increment(ref _activeUsers);
        try
        {
            var think = settings.EffectiveThink;
            while (_clock.Elapsed < _end)
            {
                var sentAt = _clock.Elapsed;
                await SendAsync(_picker.Pick(random), random, token, sentAt, cancellationToken);
                var wait = think.Next(random);
                if (wait > TimeSpan.Zero)
                {
                    await DelayUntilAsync(_clock.Elapsed + wait, cancellationToken);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _activeUsers);
        }
    }

    private async Task RunOpenLoopAsync(CancellationToken cancellationToken)
    {
        var tokens = new List<string>();
        for (var user = 0; user < settings.Users; user++)
        {
            if (await credentials.SignInAsync(client, Stats, () => _clock.Elapsed, _end, cancellationToken) is { } token)
            {
                tokens.Add(token);
            }
        }

        if (tokens.Count == 0)
        {
            return;
        }

        _activeUsers = tokens.Count;
        var random = new Random(settings.Seed);
        var start = _clock.Elapsed;
        var inFlight = new List<Task>();
        var arrivals = Schedule.ArrivalsIn(_end - start, settings.ArrivalsPerSecond);
        for (long request = 0; request < arrivals; request++)
        {
            var due = start + Schedule.ArrivalDue(request, settings.ArrivalsPerSecond);
            await DelayUntilAsync(due, cancellationToken);
            inFlight.RemoveAll(t => t.IsCompleted);
            if (inFlight.Count >= settings.MaxInFlight)
            {
                // The server fell behind the arrival rate by more than the cap: say so rather than queue without end.
                Stats.Record(Stats.For("not_sent_in_flight_cap", "none"), due, TimeSpan.Zero, 0, false);
                continue;
            }

            var task = _picker.Pick(random);
            inFlight.Add(SendAsync(task, new Random(random.Next()), tokens[(int)(request % tokens.Count)], due, cancellationToken));
        }

        await Task.WhenAll(inFlight);
        _activeUsers = 0;
    }

    /// <summary>Sends one request; its latency counts from <paramref name="scheduledAt"/> (the open loop's due time).</summary>
    private async Task SendAsync(LoadTask task, Random random, string token, TimeSpan scheduledAt, CancellationToken cancellationToken)
    {
        var endpoint = Stats.For(task);
        using var request = task.CreateRequest(random);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var sentAt = _clock.Elapsed;
        int status;
        var hasRetryAfter = false;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_end - sentAt + LoadSettings.Grace);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            status = (int)response.StatusCode;
            hasRetryAfter = response.Headers.RetryAfter is not null;
        }
        catch (HttpRequestException)
        {
            status = 0;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            status = 0;
        }

        Stats.Record(endpoint, sentAt, _clock.Elapsed - scheduledAt, status, hasRetryAfter);
    }

    private async Task DelayUntilAsync(TimeSpan at, CancellationToken cancellationToken)
    {
        var wait = at - _clock.Elapsed;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }
    }

    private async Task ShowProgressAsync(CancellationToken cancellationToken)
    {
        var lastRequests = 0L;
        var lastAt = _start;
        using var timer = new PeriodicTimer(settings.Progress);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var now = _clock.Elapsed;
                var requests = Stats.Requests;
                var recent = (requests - lastRequests) / (now - lastAt).TotalSeconds;
                (lastRequests, lastAt) = (requests, now);
                await progress.WriteLineAsync(ProgressLine.Format(now - _start, settings.Duration, Volatile.Read(ref _activeUsers), requests, recent,
                    Stats.Count(ResponseKind.RateLimited), Stats.Count(ResponseKind.Conflict), Errors()));
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
    }

    private long Errors() => Stats.Count(ResponseKind.ClientError) + Stats.Count(ResponseKind.ServerError) + Stats.Count(ResponseKind.NoAnswer);
}
