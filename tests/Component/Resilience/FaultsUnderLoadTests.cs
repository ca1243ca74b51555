using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RagMemory.Ingestion;
using RagMemory.LoadTest;
using RagMemory.LoadTest.Measuring;
using RagMemory.LoadTest.Scenarios;
using RagMemory.LoadTest.Scheduling;
using RagMemory.Namespaces;
using RagMemory.RateLimiting;
using RagMemory.Resilience;
using RagMemory.Tests.Api;
using Xunit.Abstractions;

namespace RagMemory.Tests.Resilience;

/// <summary>
/// The load test's seed scenario (its <see cref="LoadRunner"/>, closed loop) against the portal in process while one
/// backend in turn fails, stalls past its timeout and flaps: every 5xx is a 502, 503 or 504 (never a 500), its
/// breaker opens and closes again, the worker's retries bring every stored event to done with no dead letter, and
/// <c>/health/live</c> answers within 5 s throughout (thread-pool starvation shows as tens of seconds). The answer
/// generator, which the seed scenario never calls, gets the seed scenario with answers (<c>answers</c>).
/// </summary>
/// <remarks>Alone, after the parallel tests, so that the health latency is this load's and not a whole run's.</remarks>
[Collection(Reliability.ReliabilityCollection.Name)]
public sealed class FaultsUnderLoadTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Phase = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan HealthBound = TimeSpan.FromSeconds(5);

    public static TheoryData<string> LoadedBackends => [.. Backends.All];

    [Theory]
    [MemberData(nameof(LoadedBackends))]
    public async Task Under_load_a_failing_stalling_and_flapping_backend_answers_as_mapped_breaks_and_recovers_loses_nothing_and_health_stays_quick(string backend)
    {
        await using var factory = new RagMemoryApiFactory();
        var faults = factory.Inject(backend, TimeSpan.FromMilliseconds(300));

        // A window shorter than a phase: with the default 30 s, the passing phase's successes stay in the window and, on
        // a slow run, outnumber the failing phase's failures, so the breaker never opens. A second is still many calls.
        factory.Settings[$"Resilience:Backends:{backend}:SamplingDuration"] = "00:00:01";
        foreach (var (key, value) in RateLimitingOptions.EveryPolicyAt(RateLimitPolicyOptions.MaxPermitLimit))
        {
            factory.Settings[key] = value;
        }

        // The queue retries quickly and never gives up during the run, so that "nothing lost" means "all done".
        factory.Settings["Ingestion:RetryBaseDelay"] = "00:00:00.050";
        factory.Settings["Ingestion:RetryMaxDelay"] = "00:00:01";
        factory.Settings["Ingestion:MaxAttempts"] = "10000";
        factory.Settings["Ingestion:PollInterval"] = "00:00:00.100";

        // An event accepted while the bus failed (its client got a 502) is published by the worker's reconciliation.
        factory.Settings["Ingestion:ReconcileInterval"] = "00:00:01";
        var admin = await factory.CreateClientAsync();

        var stats = new LoadStats();
        var settings = new LoadSettings(LoadMode.Closed, Users: 4, RampPerSecond: 0, Duration: 4 * Phase, Think: ThinkTime.None, Seed: 22);
        var runner = new LoadRunner(factory.CreateClient(), settings, Scenario(backend), new Credentials("admin", RagMemoryApiFactory.AdminPassword), TextWriter.Null, stats, Stopwatch.StartNew());
        using var watching = new CancellationTokenSource();
        var states = new ConcurrentQueue<string>();
        var health = WatchAsync(factory.CreateClient(), admin, backend, states, watching.Token);
        var load = runner.RunAsync();
        using var flapping = new CancellationTokenSource();

        await Task.Delay(Phase);
        faults.Mode = FaultMode.Fail;
        await Task.Delay(Phase);
        faults.Mode = FaultMode.Stall;
        await Task.Delay(Phase);
        var flap = FlapAsync(faults, flapping.Token);
        await Task.Delay(Phase);
        await flapping.CancelAsync();
        await flap;
        faults.Mode = FaultMode.Pass;
        await load;

        await WaitUntilAsync(async () => await ClosedAfterACallAsync(admin, backend), "its breaker to close");
        await WaitUntilAsync(async () => await SettledAsync(admin), "every stored event to be done");
        await watching.CancelAsync();
        var slowest = await health;

        var statuses = stats.Endpoints.SelectMany(e => e.Statuses()).GroupBy(s => s.Key).ToDictionary(g => g.Key, g => g.Sum(s => s.Value));
        output.WriteLine($"{backend}: answers {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}; breaker states seen {string.Join(" ", states.Distinct())}; slowest /health/live {slowest.TotalMilliseconds:F0} ms");
        Assert.True(statuses.Keys.All(status => status is >= 200 and < 500 or 502 or 503 or 504),
            $"Answers outside 2xx-4xx, 502, 503 and 504: {string.Join(", ", statuses.Where(s => s.Key is < 200 or >= 500 and not (502 or 503 or 504)))}");
        Assert.Contains("open", states);
        Assert.True(slowest < HealthBound, $"/health/live took {slowest} at its slowest under load.");
        var events = await factory.Services.GetRequiredService<IEventStore>().ListAsync(MemoryNamespace.Default, null, 100_000);
        Assert.NotEmpty(events);
        Assert.All(events, e => Assert.Equal(IngestStates.Done, e.State));
    }

    private static IReadOnlyList<LoadTask> Scenario(string backend) =>
        backend == Backends.AnswerGenerator ? ScenarioCatalog.SeedWithAnswers() : ScenarioCatalog.Seed();

    /// <summary>Half a second failing, half a second passing, until cancelled.</summary>
    private static async Task FlapAsync(FaultSwitch faults, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                faults.Mode = faults.Mode == FaultMode.Fail ? FaultMode.Pass : FaultMode.Fail;
                await Task.Delay(500, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary>Asks <c>/health/live</c> and the breaker's state every 200 ms; returns the slowest health answer.</summary>
    private static async Task<TimeSpan> WatchAsync(HttpClient anonymous, HttpClient admin, string backend, ConcurrentQueue<string> states, CancellationToken cancellationToken)
    {
        var slowest = TimeSpan.Zero;
        try
        {
            while (true)
            {
                var started = Stopwatch.StartNew();
                using (var live = await anonymous.GetAsync("/health/live", CancellationToken.None))
                {
                    live.EnsureSuccessStatusCode();
                }

                slowest = started.Elapsed > slowest ? started.Elapsed : slowest;
                states.Enqueue(await BreakerStateAsync(admin, backend));
                await Task.Delay(200, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return slowest;
        }
    }

    /// <summary>
    /// An open breaker half-opens only when a call comes: the worker keeps calling the backends ingestion uses, but once
    /// the load stops nothing asks the answer generator, so a question is the call that lets its breaker close.
    /// </summary>
    private static async Task<bool> ClosedAfterACallAsync(HttpClient admin, string backend)
    {
        if (backend == Backends.AnswerGenerator)
        {
            using var answer = await admin.PostAsJsonAsync("/hybrid/generate", new { query = "Is the answer generator back?" });
        }

        return await BreakerStateAsync(admin, backend) == "closed";
    }

    private static async Task<string> BreakerStateAsync(HttpClient admin, string backend)
    {
        var breakers = await admin.GetFromJsonAsync<JsonElement>("/admin/breakers");
        return breakers.GetProperty("breakers").EnumerateArray().Single(b => b.GetProperty("name").GetString() == backend).GetProperty("state").GetString()!;
    }

    private static async Task<bool> SettledAsync(HttpClient admin)
    {
        var counts = await admin.GetFromJsonAsync<JsonElement>("/admin/ingestion/queue");
        Assert.Equal(0, counts.GetProperty("dead_lettered").GetInt64());
        return counts.GetProperty("queued").GetInt64() + counts.GetProperty("processing").GetInt64() + counts.GetProperty("failed").GetInt64() == 0;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited two minutes for {what}.");
            await Task.Delay(200);
        }
    }
}
