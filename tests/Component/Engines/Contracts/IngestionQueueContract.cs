using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using RagMemory.Errors;
using RagMemory.Ingestion;

namespace RagMemory.Tests.Engines.Contracts;

/// <summary>
/// What every <see cref="IIngestionQueue"/> adapter must do. A subclass gives each test its own durable storage;
/// <see cref="OpenQueue"/> opens a queue over it, and opening a second one stands for a process restart.
/// The clock is a <see cref="FakeTimeProvider"/> so that backoff is tested without waiting.
/// </summary>
public abstract class IngestionQueueContract : IAsyncLifetime
{
    protected static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(10);

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>A queue over this test's durable storage; each call is a new instance, as after a restart.</summary>
    protected abstract IIngestionQueue OpenQueue(IngestionOptions options, TimeProvider time);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_event_is_read_back_as_submitted_whatever_its_state()
    {
        var queue = Open();
        await queue.EnqueueAsync(new IngestEvent(RecordId.FromInteger(9), "the text", new JsonObject { ["team"] = "a" }, "corr-12345678"));
        await queue.ClaimDueAsync(1);
        await queue.CompleteAsync(RecordId.FromInteger(9));

        var stored = await queue.GetEventAsync(RecordId.FromInteger(9));

        Assert.NotNull(stored);
        Assert.Equal("the text", stored.Event.Text);
        Assert.Equal("a", stored.Event.Metadata["team"]!.GetValue<string>());
        Assert.Equal("corr-12345678", stored.Event.CorrelationId);
        Assert.Equal(IngestStates.Done, stored.Status.State);
        Assert.Equal(Time.GetUtcNow(), stored.Status.CreatedAt);
        Assert.Null(await queue.GetEventAsync(RecordId.FromString("9")));
    }

    [Fact]
    public async Task Enqueue_stores_a_queued_event()
    {
        var queue = Open();

        var result = await queue.EnqueueAsync(Event("e1", "some text"));

        Assert.False(result.AlreadyAccepted);
        Assert.Equal(IngestStates.Queued, result.Status.State);
        Assert.Equal(0, result.Status.Attempts);
        Assert.Equal(Time.GetUtcNow(), result.Status.CreatedAt);
        Assert.Equal(IngestStates.Queued, (await queue.GetStatusAsync(RecordId.FromString("e1")))!.State);
    }

    [Fact]
    public async Task An_enqueued_event_survives_a_restart()
    {
        await Open().EnqueueAsync(new IngestEvent(RecordId.FromInteger(5), "durable text", new JsonObject { ["source"] = "unit" }));

        var restarted = Open();

        Assert.Equal(IngestStates.Queued, (await restarted.GetStatusAsync(RecordId.FromInteger(5)))!.State);
        var claimed = Assert.Single(await restarted.ClaimDueAsync(10));
        Assert.Equal(RecordId.FromInteger(5), claimed.Id);
        Assert.Equal("durable text", claimed.Text);
        Assert.Equal("unit", claimed.Metadata["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task Enqueue_of_the_same_id_and_text_again_is_accepted_without_a_copy()
    {
        var queue = Open();
        await queue.EnqueueAsync(Event("e1", "same text"));

        var again = await queue.EnqueueAsync(Event("e1", "same text"));

        Assert.True(again.AlreadyAccepted);
        Assert.Equal(1, (await queue.GetCountsAsync()).Queued);
        Assert.Single(await queue.ClaimDueAsync(10));
    }

    [Fact]
    public async Task Enqueue_of_the_same_id_with_another_text_throws_ConflictException_and_keeps_the_first()
    {
        var queue = Open();
        await queue.EnqueueAsync(Event("e1", "first text"));

        await Assert.ThrowsAsync<ConflictException>(() => queue.EnqueueAsync(Event("e1", "other text")));

        Assert.Equal("first text", Assert.Single(await queue.ClaimDueAsync(10)).Text);
    }

    [Fact]
    public async Task Enqueue_keeps_id_1_and_id_quoted_1_apart()
    {
        var queue = Open();

        await queue.EnqueueAsync(new IngestEvent(RecordId.FromInteger(1), "integer", []));
        var text = await queue.EnqueueAsync(new IngestEvent(RecordId.FromString("1"), "string", []));

        Assert.False(text.AlreadyAccepted);
        Assert.Equal(2, (await queue.GetCountsAsync()).Queued);
    }

    [Fact]
    public async Task GetStatus_of_an_unknown_event_is_null()
    {
        Assert.Null(await Open().GetStatusAsync(RecordId.FromString("unknown")));
    }

    [Fact]
    public async Task Claim_marks_events_processing_counts_an_attempt_and_does_not_hand_them_out_twice()
    {
        var queue = Open();
        await queue.EnqueueAsync(Event("e1", "text"));

        var claimed = Assert.Single(await queue.ClaimDueAsync(10));

        var status = (await queue.GetStatusAsync(claimed.Id))!;
        Assert.Equal(IngestStates.Processing, status.State);
        Assert.Equal(1, status.Attempts);
        Assert.Empty(await queue.ClaimDueAsync(10));
    }

    [Fact]
    public async Task Claim_takes_at_most_max_events_oldest_first()
    {
        var queue = Open();
        foreach (var id in new[] { "first", "second", "third" })
        {
            await queue.EnqueueAsync(Event(id, $"text of {id}"));
            Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        var claimed = await queue.ClaimDueAsync(2);

        Assert.Equal(["first", "second"], claimed.Select(e => e.Id.ToString()).Order(StringComparer.Ordinal));
        Assert.Equal("third", Assert.Single(await queue.ClaimDueAsync(2)).Id.ToString());
    }

    [Fact]
    public async Task Complete_marks_the_event_done_and_it_is_never_claimed_again()
    {
        var queue = Open();
        await queue.EnqueueAsync(Event("e1", "text"));
        await queue.ClaimDueAsync(10);

        await queue.CompleteAsync(RecordId.FromString("e1"));

        var status = (await queue.GetStatusAsync(RecordId.FromString("e1")))!;
        Assert.Equal(IngestStates.Done, status.State);
        Assert.Null(status.Error);
        Time.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await queue.ClaimDueAsync(10));
    }

    [Fact]
    public async Task Fail_marks_the_event_failed_with_its_error()
    {
        var queue = Open();
        await queue.EnqueueAsync(Event("e1", "text"));
        await queue.ClaimDueAsync(10);

        await queue.FailAsync(RecordId.FromString("e1"), "embedder timed out");

        var status = (await queue.GetStatusAsync(RecordId.FromString("e1")))!;
        Assert.Equal(IngestStates.Failed, status.State);
        Assert.Equal("embedder timed out", status.Error);
        Assert.Equal(1, status.Attempts);
    }

    [Fact]
    public async Task Fail_dead_letters_the_event_once_MaxAttempts_are_spent()
    {
        var queue = Open(maxAttempts: 3);
        await queue.EnqueueAsync(Event("e1", "text"));
        var states = new List<string>();

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Single(await queue.ClaimDueAsync(10));
            await queue.FailAsync(RecordId.FromString("e1"), $"failure {attempt}");
            states.Add((await queue.GetStatusAsync(RecordId.FromString("e1")))!.State);
            Time.Advance(TimeSpan.FromHours(1));
        }

        Assert.Equal([IngestStates.Failed, IngestStates.Failed, IngestStates.DeadLettered], states);
        var status = (await queue.GetStatusAsync(RecordId.FromString("e1")))!;
        Assert.Equal(3, status.Attempts);
        Assert.Equal("failure 3", status.Error);
        Time.Advance(TimeSpan.FromDays(30));
        Assert.Empty(await queue.ClaimDueAsync(10));
    }

    [Fact]
    public async Task A_failed_event_is_not_retried_before_half_the_base_delay_and_is_retried_after_it()
    {
        var queue = Open();
        await queue.EnqueueAsync(Event("e1", "text"));
        await queue.ClaimDueAsync(10);
        await queue.FailAsync(RecordId.FromString("e1"), "boom");

        Assert.Empty(await queue.ClaimDueAsync(10));
        Time.Advance((BaseDelay / 2) - TimeSpan.FromMilliseconds(1));
        Assert.Empty(await queue.ClaimDueAsync(10));
        Time.Advance((BaseDelay / 2) + TimeSpan.FromMilliseconds(1));
        Assert.Single(await queue.ClaimDueAsync(10));
    }

    [Fact]
    public async Task The_retry_delay_doubles_with_each_failed_attempt()
    {
        var queue = Open();
        await queue.EnqueueAsync(Event("e1", "text"));
        await queue.ClaimDueAsync(10);
        await queue.FailAsync(RecordId.FromString("e1"), "first");
        Time.Advance(BaseDelay);
        Assert.Single(await queue.ClaimDueAsync(10));

        await queue.FailAsync(RecordId.FromString("e1"), "second");

        // The second backoff lies between one and two base delays.
        Time.Advance(BaseDelay - TimeSpan.FromMilliseconds(1));
        Assert.Empty(await queue.ClaimDueAsync(10));
        Time.Advance(BaseDelay + TimeSpan.FromMilliseconds(1));
        Assert.Single(await queue.ClaimDueAsync(10));
    }

    [Fact]
    public async Task The_retry_delay_never_exceeds_RetryMaxDelay()
    {
        var queue = OpenQueue(new IngestionOptions { MaxAttempts = 20, RetryBaseDelay = BaseDelay, RetryMaxDelay = TimeSpan.FromSeconds(30) }, Time);
        await queue.EnqueueAsync(Event("e1", "text"));

        for (var attempt = 1; attempt <= 8; attempt++)
        {
            Assert.Single(await queue.ClaimDueAsync(10));
            await queue.FailAsync(RecordId.FromString("e1"), "again");
            Time.Advance(TimeSpan.FromSeconds(30));
        }

        Assert.Single(await queue.ClaimDueAsync(10));
    }

    [Fact]
    public async Task RequeueInterrupted_after_a_restart_resumes_events_left_processing()
    {
        var before = Open();
        await before.EnqueueAsync(Event("interrupted", "text"));
        await before.EnqueueAsync(Event("finished", "text"));
        await before.ClaimDueAsync(10);
        await before.CompleteAsync(RecordId.FromString("finished"));

        var after = Open();
        var resumed = await after.RequeueInterruptedAsync();

        Assert.Equal(1, resumed);
        Assert.Equal(IngestStates.Queued, (await after.GetStatusAsync(RecordId.FromString("interrupted")))!.State);
        var claimed = Assert.Single(await after.ClaimDueAsync(10));
        Assert.Equal("interrupted", claimed.Id.ToString());
        Assert.Equal(2, (await after.GetStatusAsync(claimed.Id))!.Attempts);
        Assert.Equal(IngestStates.Done, (await after.GetStatusAsync(RecordId.FromString("finished")))!.State);
    }

    [Fact]
    public async Task Replay_gives_a_dead_letter_a_fresh_set_of_attempts()
    {
        var queue = Open(maxAttempts: 1);
        await queue.EnqueueAsync(Event("e1", "text"));
        await queue.ClaimDueAsync(10);
        await queue.FailAsync(RecordId.FromString("e1"), "poison");

        var replayed = await queue.ReplayAsync(RecordId.FromString("e1"));

        Assert.True(replayed);
        var status = (await queue.GetStatusAsync(RecordId.FromString("e1")))!;
        Assert.Equal(IngestStates.Queued, status.State);
        Assert.Equal(0, status.Attempts);
        Assert.Single(await queue.ClaimDueAsync(10));
    }

    [Fact]
    public async Task Replay_of_an_event_that_is_not_a_dead_letter_returns_false_and_changes_nothing()
    {
        var queue = Open();
        await queue.EnqueueAsync(Event("queued", "text"));

        Assert.False(await queue.ReplayAsync(RecordId.FromString("queued")));
        Assert.False(await queue.ReplayAsync(RecordId.FromString("unknown")));
        Assert.Equal(IngestStates.Queued, (await queue.GetStatusAsync(RecordId.FromString("queued")))!.State);
    }

    [Fact]
    public async Task GetCounts_counts_events_in_every_state()
    {
        var queue = Open(maxAttempts: 1);
        foreach (var id in new[] { "done", "dead", "processing", "queued-1", "queued-2" })
        {
            await queue.EnqueueAsync(Event(id, $"text {id}"));
            Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        await queue.ClaimDueAsync(3);
        await queue.CompleteAsync(RecordId.FromString("done"));
        await queue.FailAsync(RecordId.FromString("dead"), "poison");

        Assert.Equal(new QueueCounts(Queued: 2, Processing: 1, Done: 1, Failed: 0, DeadLettered: 1), await queue.GetCountsAsync());
    }

    [Fact]
    public async Task GetCounts_after_a_restart_sees_the_same_events()
    {
        var before = Open();
        await before.EnqueueAsync(Event("a", "text a"));
        await before.EnqueueAsync(Event("b", "text b"));
        await before.ClaimDueAsync(1);

        Assert.Equal(new QueueCounts(1, 1, 0, 0, 0), await Open().GetCountsAsync());
    }

    [Fact]
    public async Task List_filters_by_state()
    {
        var queue = Open(maxAttempts: 1);
        await queue.EnqueueAsync(Event("dead", "text"));
        await queue.ClaimDueAsync(10);
        await queue.FailAsync(RecordId.FromString("dead"), "poison");
        await queue.EnqueueAsync(Event("waiting", "text"));

        var deadLetters = await queue.ListAsync(IngestStates.DeadLettered, 10);

        Assert.Equal("dead", Assert.Single(deadLetters).Id.ToString());
        Assert.Equal(2, (await queue.ListAsync(null, 10)).Count);
    }

    [Fact]
    public async Task WaitForWork_completes_when_an_event_is_enqueued()
    {
        var queue = Open();
        var waiting = queue.WaitForWorkAsync(TimeSpan.FromHours(1));
        Assert.False(waiting.IsCompleted);

        await queue.EnqueueAsync(Event("e1", "text"));

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task WaitForWork_completes_after_max_wait_on_the_injected_clock()
    {
        var queue = Open();
        var waiting = queue.WaitForWorkAsync(TimeSpan.FromSeconds(5));
        Assert.False(waiting.IsCompleted);

        Time.Advance(TimeSpan.FromSeconds(5));

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }

    protected IIngestionQueue Open(int maxAttempts = 5) =>
        OpenQueue(new IngestionOptions { MaxAttempts = maxAttempts, RetryBaseDelay = BaseDelay, RetryMaxDelay = TimeSpan.FromHours(1) }, Time);

    protected static IngestEvent Event(string id, string text) => new(RecordId.FromString(id), text, []);
}
