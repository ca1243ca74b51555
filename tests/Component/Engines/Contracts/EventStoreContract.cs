using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using RagMemory.Errors;
using RagMemory.Ingestion;
using RagMemory.Namespaces;

namespace RagMemory.Tests.Engines.Contracts;

/// <summary>
/// What every <see cref="IEventStore"/> adapter must do. A subclass gives each test its own durable storage;
/// <see cref="OpenStore"/> opens a store over it, and opening a second one stands for a process restart.
/// The clock is a <see cref="FakeTimeProvider"/> so that times are exact.
/// </summary>
public abstract class EventStoreContract : IAsyncLifetime
{
    protected static readonly MemoryNamespace Ns = MemoryNamespace.Default;
    protected static readonly MemoryNamespace Other = MemoryNamespace.Parse("other-team");

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>A store over this test's durable storage; each call is a new instance, as after a restart.</summary>
    protected abstract IEventStore OpenStore(TimeProvider time);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task An_event_is_read_back_as_submitted_whatever_its_state()
    {
        var store = Open();
        await store.AcceptAsync(Ns, new IngestEvent(RecordId.FromInteger(9), "the text", new JsonObject { ["team"] = "a" }, "corr-12345678"));
        await store.StartAttemptsAsync(Ns, [RecordId.FromInteger(9)]);
        await store.MarkDoneAsync(Ns, [RecordId.FromInteger(9)]);

        var stored = await store.GetEventAsync(Ns, RecordId.FromInteger(9));

        Assert.NotNull(stored);
        Assert.Equal("the text", stored.Event.Text);
        Assert.Equal("a", stored.Event.Metadata["team"]!.GetValue<string>());
        Assert.Equal("corr-12345678", stored.Event.CorrelationId);
        Assert.Equal(IngestStates.Done, stored.Status.State);
        Assert.Equal(Time.GetUtcNow(), stored.Status.CreatedAt);
        Assert.Null(await store.GetEventAsync(Ns, RecordId.FromString("9")));
    }

    [Fact]
    public async Task Accept_stores_a_queued_event_not_yet_published()
    {
        var store = Open();

        var result = await store.AcceptAsync(Ns, Event("e1", "some text"));

        Assert.False(result.AlreadyAccepted);
        Assert.False(result.Published);
        Assert.Equal(IngestStates.Queued, result.Status.State);
        Assert.Equal(0, result.Status.Attempts);
        Assert.Equal(Time.GetUtcNow(), result.Status.CreatedAt);
        Assert.Equal(IngestStates.Queued, (await store.GetStatusAsync(Ns, RecordId.FromString("e1")))!.State);
    }

    [Fact]
    public async Task An_accepted_event_survives_a_restart()
    {
        await Open().AcceptAsync(Ns, new IngestEvent(RecordId.FromInteger(5), "durable text", new JsonObject { ["source"] = "unit" }));

        var restarted = Open();

        Assert.Equal(IngestStates.Queued, (await restarted.GetStatusAsync(Ns, RecordId.FromInteger(5)))!.State);
        var stored = (await restarted.GetEventAsync(Ns, RecordId.FromInteger(5)))!;
        Assert.Equal("durable text", stored.Event.Text);
        Assert.Equal("unit", stored.Event.Metadata["source"]!.GetValue<string>());
    }

    [Fact]
    public async Task Accept_of_the_same_id_and_text_again_is_accepted_without_a_copy_and_says_whether_it_was_published()
    {
        var store = Open();
        await store.AcceptAsync(Ns, Event("e1", "same text"));

        var beforePublication = await store.AcceptAsync(Ns, Event("e1", "same text"));
        await store.MarkPublishedAsync(Ns, RecordId.FromString("e1"));
        var afterPublication = await store.AcceptAsync(Ns, Event("e1", "same text"));

        Assert.True(beforePublication.AlreadyAccepted);
        Assert.False(beforePublication.Published);
        Assert.True(afterPublication.AlreadyAccepted);
        Assert.True(afterPublication.Published);
        Assert.Equal(1, (await store.GetCountsAsync(Ns)).Queued);
    }

    [Fact]
    public async Task Accept_of_the_same_id_with_another_text_throws_ConflictException_and_keeps_the_first()
    {
        var store = Open();
        await store.AcceptAsync(Ns, Event("e1", "first text"));

        await Assert.ThrowsAsync<ConflictException>(() => store.AcceptAsync(Ns, Event("e1", "other text")));

        Assert.Equal("first text", (await store.GetEventAsync(Ns, RecordId.FromString("e1")))!.Event.Text);
    }

    [Fact]
    public async Task Accept_keeps_id_1_and_id_quoted_1_apart()
    {
        var store = Open();

        await store.AcceptAsync(Ns, new IngestEvent(RecordId.FromInteger(1), "integer", []));
        var text = await store.AcceptAsync(Ns, new IngestEvent(RecordId.FromString("1"), "string", []));

        Assert.False(text.AlreadyAccepted);
        Assert.Equal(2, (await store.GetCountsAsync(Ns)).Queued);
    }

    [Fact]
    public async Task GetStatus_of_an_unknown_event_is_null()
    {
        Assert.Null(await Open().GetStatusAsync(Ns, RecordId.FromString("unknown")));
    }

    [Fact]
    public async Task StartAttempts_marks_events_processing_and_counts_an_attempt()
    {
        var store = Open();
        await store.AcceptAsync(Ns, Event("e1", "text"));

        var started = Assert.Single(await store.StartAttemptsAsync(Ns, [RecordId.FromString("e1")]));

        Assert.Equal(IngestStates.Processing, started.State);
        Assert.Equal(1, started.Attempts);
        Assert.Equal(started, await store.GetStatusAsync(Ns, RecordId.FromString("e1")));
    }

    [Fact]
    public async Task CountUnfinished_counts_queued_processing_and_failed_events_of_every_namespace_but_not_done_or_dead_letters()
    {
        var store = Open();
        foreach (var id in new[] { "queued", "processing", "failed", "done", "dead" })
        {
            await store.AcceptAsync(Ns, Event(id, $"text {id}"));
        }

        await store.AcceptAsync(Other, Event("elsewhere", "text elsewhere"));
        await store.StartAttemptsAsync(Ns, [RecordId.FromString("processing"), RecordId.FromString("failed"), RecordId.FromString("done"), RecordId.FromString("dead")]);
        await store.MarkFailedAsync(Ns, RecordId.FromString("failed"), "retry later");
        await store.MarkDoneAsync(Ns, [RecordId.FromString("done")]);
        await store.MarkDeadLetteredAsync(Ns, RecordId.FromString("dead"), "poison");

        Assert.Equal(4, await store.CountUnfinishedAsync());
    }

    [Fact]
    public async Task StartAttempts_leaves_out_events_that_are_done_dead_lettered_or_unknown()
    {
        var store = Open();
        foreach (var id in new[] { "done", "dead", "waiting" })
        {
            await store.AcceptAsync(Ns, Event(id, $"text {id}"));
        }

        await store.StartAttemptsAsync(Ns, [RecordId.FromString("done"), RecordId.FromString("dead")]);
        await store.MarkDoneAsync(Ns, [RecordId.FromString("done")]);
        await store.MarkDeadLetteredAsync(Ns, RecordId.FromString("dead"), "poison");

        var started = await store.StartAttemptsAsync(Ns, [RecordId.FromString("done"), RecordId.FromString("dead"), RecordId.FromString("unknown"), RecordId.FromString("waiting")]);

        Assert.Equal("waiting", Assert.Single(started).Id.ToString());
        Assert.Equal(1, (await store.GetStatusAsync(Ns, RecordId.FromString("done")))!.Attempts);
    }

    [Fact]
    public async Task MarkDone_marks_the_event_done_and_clears_the_error_of_an_earlier_attempt()
    {
        var store = Open();
        await store.AcceptAsync(Ns, Event("e1", "text"));
        await store.StartAttemptsAsync(Ns, [RecordId.FromString("e1")]);
        await store.MarkFailedAsync(Ns, RecordId.FromString("e1"), "embedder timed out");
        await store.StartAttemptsAsync(Ns, [RecordId.FromString("e1")]);

        await store.MarkDoneAsync(Ns, [RecordId.FromString("e1")]);

        var status = (await store.GetStatusAsync(Ns, RecordId.FromString("e1")))!;
        Assert.Equal(IngestStates.Done, status.State);
        Assert.Null(status.Error);
        Assert.Equal(2, status.Attempts);
    }

    [Fact]
    public async Task MarkFailed_marks_the_event_failed_with_its_error()
    {
        var store = Open();
        await store.AcceptAsync(Ns, Event("e1", "text"));
        await store.StartAttemptsAsync(Ns, [RecordId.FromString("e1")]);

        await store.MarkFailedAsync(Ns, RecordId.FromString("e1"), "embedder timed out");

        var status = (await store.GetStatusAsync(Ns, RecordId.FromString("e1")))!;
        Assert.Equal(IngestStates.Failed, status.State);
        Assert.Equal("embedder timed out", status.Error);
        Assert.Equal(1, status.Attempts);
    }

    [Fact]
    public async Task MarkDeadLettered_keeps_the_last_error_and_the_attempts()
    {
        var store = Open();
        await store.AcceptAsync(Ns, Event("e1", "text"));
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await store.StartAttemptsAsync(Ns, [RecordId.FromString("e1")]);
            await store.MarkFailedAsync(Ns, RecordId.FromString("e1"), $"failure {attempt}");
        }

        await store.MarkDeadLetteredAsync(Ns, RecordId.FromString("e1"), "failure 3");

        var status = (await store.GetStatusAsync(Ns, RecordId.FromString("e1")))!;
        Assert.Equal(IngestStates.DeadLettered, status.State);
        Assert.Equal(3, status.Attempts);
        Assert.Equal("failure 3", status.Error);
    }

    [Fact]
    public async Task RequeueInterrupted_after_a_restart_resumes_events_left_processing()
    {
        var before = Open();
        await before.AcceptAsync(Ns, Event("interrupted", "text"));
        await before.AcceptAsync(Ns, Event("finished", "text"));
        await before.StartAttemptsAsync(Ns, [RecordId.FromString("interrupted"), RecordId.FromString("finished")]);
        await before.MarkDoneAsync(Ns, [RecordId.FromString("finished")]);

        var after = Open();
        var resumed = await after.RequeueInterruptedAsync();

        Assert.Equal(1, resumed);
        Assert.Equal(IngestStates.Queued, (await after.GetStatusAsync(Ns, RecordId.FromString("interrupted")))!.State);
        Assert.Equal(2, Assert.Single(await after.StartAttemptsAsync(Ns, [RecordId.FromString("interrupted")])).Attempts);
        Assert.Equal(IngestStates.Done, (await after.GetStatusAsync(Ns, RecordId.FromString("finished")))!.State);
    }

    [Fact]
    public async Task Replay_gives_a_dead_letter_a_fresh_set_of_attempts_and_hands_it_back_to_publish_again()
    {
        var store = Open();
        await store.AcceptAsync(Ns, new IngestEvent(RecordId.FromString("e1"), "text", new JsonObject { ["k"] = "v" }));
        await store.MarkPublishedAsync(Ns, RecordId.FromString("e1"));
        await store.StartAttemptsAsync(Ns, [RecordId.FromString("e1")]);
        await store.MarkDeadLetteredAsync(Ns, RecordId.FromString("e1"), "poison");

        var replayed = await store.ReplayAsync(Ns, RecordId.FromString("e1"));

        Assert.NotNull(replayed);
        Assert.Equal(Ns, replayed.Namespace);
        Assert.Equal("text", replayed.Event.Text);
        Assert.Equal("v", replayed.Event.Metadata["k"]!.GetValue<string>());
        var status = (await store.GetStatusAsync(Ns, RecordId.FromString("e1")))!;
        Assert.Equal(IngestStates.Queued, status.State);
        Assert.Equal(0, status.Attempts);
        Assert.Equal("e1", Assert.Single(await store.ListUnpublishedAsync(Time.GetUtcNow(), 10)).Event.Id.ToString());
    }

    [Fact]
    public async Task Replay_of_an_event_that_is_not_a_dead_letter_returns_null_and_changes_nothing()
    {
        var store = Open();
        await store.AcceptAsync(Ns, Event("queued", "text"));

        Assert.Null(await store.ReplayAsync(Ns, RecordId.FromString("queued")));
        Assert.Null(await store.ReplayAsync(Ns, RecordId.FromString("unknown")));
        Assert.Equal(IngestStates.Queued, (await store.GetStatusAsync(Ns, RecordId.FromString("queued")))!.State);
    }

    [Fact]
    public async Task GetCounts_counts_events_in_every_state()
    {
        var store = Open();
        foreach (var id in new[] { "done", "dead", "processing", "failed", "queued-1", "queued-2" })
        {
            await store.AcceptAsync(Ns, Event(id, $"text {id}"));
        }

        await store.StartAttemptsAsync(Ns, [RecordId.FromString("done"), RecordId.FromString("dead"), RecordId.FromString("processing"), RecordId.FromString("failed")]);
        await store.MarkDoneAsync(Ns, [RecordId.FromString("done")]);
        await store.MarkDeadLetteredAsync(Ns, RecordId.FromString("dead"), "poison");
        await store.MarkFailedAsync(Ns, RecordId.FromString("failed"), "again later");

        Assert.Equal(new QueueCounts(Queued: 2, Processing: 1, Done: 1, Failed: 1, DeadLettered: 1), await store.GetCountsAsync(Ns));
    }

    [Fact]
    public async Task GetCounts_after_a_restart_sees_the_same_events()
    {
        var before = Open();
        await before.AcceptAsync(Ns, Event("a", "text a"));
        await before.AcceptAsync(Ns, Event("b", "text b"));
        await before.StartAttemptsAsync(Ns, [RecordId.FromString("a")]);

        Assert.Equal(new QueueCounts(1, 1, 0, 0, 0), await Open().GetCountsAsync(Ns));
    }

    [Fact]
    public async Task List_filters_by_state_most_recently_updated_first()
    {
        var store = Open();
        await store.AcceptAsync(Ns, Event("dead", "text"));
        await store.StartAttemptsAsync(Ns, [RecordId.FromString("dead")]);
        await store.MarkDeadLetteredAsync(Ns, RecordId.FromString("dead"), "poison");
        Time.Advance(TimeSpan.FromSeconds(1));
        await store.AcceptAsync(Ns, Event("waiting", "text"));

        var deadLetters = await store.ListAsync(Ns, IngestStates.DeadLettered, 10);

        Assert.Equal("dead", Assert.Single(deadLetters).Id.ToString());
        Assert.Equal(["waiting", "dead"], (await store.ListAsync(Ns, null, 10)).Select(s => s.Id.ToString()));
    }

    [Fact]
    public async Task GetEvents_reads_several_events_at_once_and_leaves_out_unknown_ids()
    {
        var store = Open();
        await store.AcceptAsync(Ns, new IngestEvent(RecordId.FromString("a"), "text a", new JsonObject { ["n"] = 1 }));
        await store.AcceptAsync(Ns, new IngestEvent(RecordId.FromInteger(2), "text b", []));
        await store.AcceptAsync(Ns, Event("not-asked", "text c"));

        var events = await store.GetEventsAsync(Ns, [RecordId.FromString("a"), RecordId.FromInteger(2), RecordId.FromString("unknown"), RecordId.FromString("a")]);

        Assert.Equal(["\"a\"", "2"], events.Select(e => e.Event.Id.Json).Order(StringComparer.Ordinal));
        Assert.Equal(1, events.Single(e => e.Event.Id == RecordId.FromString("a")).Event.Metadata["n"]!.GetValue<int>());
        Assert.All(events, e => Assert.Equal(IngestStates.Queued, e.Status.State));
        Assert.Empty(await store.GetEventsAsync(Ns, []));
    }

    [Fact]
    public async Task Delete_forgets_the_event_and_a_second_delete_finds_nothing()
    {
        var store = Open();
        await store.AcceptAsync(Ns, Event("gone", "text"));
        await store.AcceptAsync(Ns, Event("kept", "text"));

        Assert.Equal([RecordId.FromString("gone")], await store.DeleteAsync(Ns, RecordId.FromString("gone"), "alice"));

        Assert.Null(await store.DeleteAsync(Ns, RecordId.FromString("gone"), "alice"));
        Assert.Null(await store.GetStatusAsync(Ns, RecordId.FromString("gone")));
        Assert.Empty(await store.StartAttemptsAsync(Ns, [RecordId.FromString("gone")]));
        Assert.Equal(1, (await store.GetCountsAsync(Ns)).Queued);

        // Until its index rows are clean, the id cannot start again: the sweep would take the new event's rows.
        await Assert.ThrowsAsync<ConflictException>(() => store.AcceptAsync(Ns, Event("gone", "a new text")));
        await store.CompleteCleanupAsync(Ns, RecordId.FromString("gone"));
        Assert.False((await store.AcceptAsync(Ns, Event("gone", "a new text"))).AlreadyAccepted);
    }

    [Fact]
    public async Task Namespaces_are_kept_apart_in_every_read_and_write()
    {
        var store = Open();
        await store.AcceptAsync(Ns, Event("shared-id", "default text"));

        var other = await store.AcceptAsync(Other, Event("shared-id", "another team's text"));
        await store.StartAttemptsAsync(Other, [RecordId.FromString("shared-id")]);
        await store.MarkDeadLetteredAsync(Other, RecordId.FromString("shared-id"), "poison");

        Assert.False(other.AlreadyAccepted);
        Assert.Equal("default text", (await store.GetEventAsync(Ns, RecordId.FromString("shared-id")))!.Event.Text);
        Assert.Equal("another team's text", Assert.Single(await store.GetEventsAsync(Other, [RecordId.FromString("shared-id")])).Event.Text);
        Assert.Equal(IngestStates.Queued, (await store.GetStatusAsync(Ns, RecordId.FromString("shared-id")))!.State);
        Assert.Equal(new QueueCounts(1, 0, 0, 0, 0), await store.GetCountsAsync(Ns));
        Assert.Equal(new QueueCounts(0, 0, 0, 0, 1), await store.GetCountsAsync(Other));
        Assert.Empty(await store.ListAsync(Ns, IngestStates.DeadLettered, 10));
        Assert.Null(await store.ReplayAsync(Ns, RecordId.FromString("shared-id")));
        Assert.NotNull(await store.DeleteAsync(Other, RecordId.FromString("shared-id"), "bob"));
        Assert.NotNull(await store.GetStatusAsync(Ns, RecordId.FromString("shared-id")));
    }

    [Fact]
    public async Task Events_accepted_but_never_published_are_listed_after_a_restart_from_every_namespace_until_marked()
    {
        var before = Open();
        await before.AcceptAsync(Ns, Event("published", "text"));
        await before.MarkPublishedAsync(Ns, RecordId.FromString("published"));
        Time.Advance(TimeSpan.FromSeconds(1));
        await before.AcceptAsync(Ns, Event("lost-first", "text one"));
        Time.Advance(TimeSpan.FromSeconds(1));
        await before.AcceptAsync(Other, Event("lost-second", "text two"));

        var after = Open();
        var unpublished = await after.ListUnpublishedAsync(Time.GetUtcNow(), 10);

        Assert.Equal(["lost-first", "lost-second"], unpublished.Select(u => u.Event.Id.ToString()));
        Assert.Equal([Ns, Other], unpublished.Select(u => u.Namespace));
        Assert.Equal("text two", unpublished[1].Event.Text);
        Assert.Single(await after.ListUnpublishedAsync(Time.GetUtcNow(), 1));
        await after.MarkPublishedAsync(Ns, RecordId.FromString("lost-first"));
        await after.MarkPublishedAsync(Other, RecordId.FromString("lost-second"));
        Assert.Empty(await after.ListUnpublishedAsync(Time.GetUtcNow(), 10));
    }

    [Fact]
    public async Task ListUnpublished_leaves_out_events_accepted_or_replayed_after_the_cut_off()
    {
        var store = Open();
        await store.AcceptAsync(Ns, Event("old", "text"));
        var cutOff = Time.GetUtcNow();
        Time.Advance(TimeSpan.FromSeconds(1));
        await store.AcceptAsync(Ns, Event("young", "text"));

        Assert.Equal("old", Assert.Single(await store.ListUnpublishedAsync(cutOff, 10)).Event.Id.ToString());
    }

    [Fact]
    public async Task ListEvents_pages_newest_first_with_status_metadata_and_text_length_and_a_cursor_to_the_end()
    {
        var store = Open();
        foreach (var id in new[] { "first", "second", "third" })
        {
            await store.AcceptAsync(Ns, new IngestEvent(RecordId.FromString(id), $"text of {id}", new JsonObject { ["name"] = id }));
            Time.Advance(TimeSpan.FromSeconds(1));
        }

        var first = await store.ListEventsAsync(Ns, new EventQuery(null, null, null, null, 2, null));
        var second = await store.ListEventsAsync(Ns, new EventQuery(null, null, null, null, 2, first.Next));

        Assert.Equal(["third", "second"], first.Events.Select(e => e.Status.Id.ToString()));
        Assert.NotNull(first.Next);
        Assert.Equal("first", Assert.Single(second.Events).Status.Id.ToString());
        Assert.Null(second.Next);
        var third = first.Events[0];
        Assert.Equal("text of third".Length, third.TextLength);
        Assert.Equal("third", third.Metadata["name"]!.GetValue<string>());
        Assert.Equal(IngestStates.Queued, third.Status.State);
    }

    [Fact]
    public async Task ListEvents_keeps_only_the_state_metadata_and_acceptance_window_asked_for()
    {
        var store = Open();
        var start = Time.GetUtcNow();
        await store.AcceptAsync(Ns, new IngestEvent(RecordId.FromString("early-a"), "t", new JsonObject { ["team"] = "a" }));
        Time.Advance(TimeSpan.FromMinutes(1));
        await store.AcceptAsync(Ns, new IngestEvent(RecordId.FromString("middle-b"), "t", new JsonObject { ["team"] = "b" }));
        await store.StartAttemptsAsync(Ns, [RecordId.FromString("middle-b")]);
        await store.MarkDoneAsync(Ns, [RecordId.FromString("middle-b")]);
        Time.Advance(TimeSpan.FromMinutes(1));
        await store.AcceptAsync(Ns, new IngestEvent(RecordId.FromString("late-a"), "t", new JsonObject { ["team"] = "a" }));
        await store.AcceptAsync(Other, new IngestEvent(RecordId.FromString("elsewhere"), "t", new JsonObject { ["team"] = "a" }));

        async Task<IEnumerable<string>> Ids(EventQuery query) => (await store.ListEventsAsync(Ns, query)).Events.Select(e => e.Status.Id.ToString());

        Assert.Equal(["middle-b"], await Ids(new EventQuery(IngestStates.Done, null, null, null, 10, null)));
        Assert.Equal(["late-a", "early-a"], await Ids(new EventQuery(null, RagMemory.Vectors.PayloadFilter.From(new JsonObject { ["team"] = "a" }), null, null, 10, null)));
        Assert.Equal(["middle-b"], await Ids(new EventQuery(null, null, start.AddSeconds(30), start.AddSeconds(90), 10, null)));
        Assert.Equal(["late-a", "middle-b"], await Ids(new EventQuery(null, null, start.AddMinutes(1), null, 10, null)));
    }

    [Fact]
    public async Task ListEvents_pages_through_events_accepted_at_the_same_moment_without_losing_or_repeating_one()
    {
        var store = Open();
        for (var i = 0; i < 5; i++)
        {
            await store.AcceptAsync(Ns, Event($"same-{i}", "text"));
        }

        var seen = new List<string>();
        EventCursor? cursor = null;
        do
        {
            var page = await store.ListEventsAsync(Ns, new EventQuery(null, null, null, null, 2, cursor));
            seen.AddRange(page.Events.Select(e => e.Status.Id.ToString()));
            cursor = page.Next;
        }
        while (cursor is not null);

        Assert.Equal(5, seen.Distinct().Count());
        Assert.Equal(5, seen.Count);
    }

    [Fact]
    public async Task A_delete_is_audited_and_its_index_keys_wait_for_cleanup_until_completed()
    {
        var store = Open();
        await store.AcceptAsync(Ns, Event("audited", "text"));
        await store.AcceptAsync(Other, Event("audited", "text"));
        Time.Advance(TimeSpan.FromMinutes(1));

        await store.DeleteAsync(Ns, RecordId.FromString("audited"), "alice");
        Time.Advance(TimeSpan.FromMinutes(1));
        await store.DeleteAsync(Other, RecordId.FromString("audited"), "bob");

        var audit = await store.ListDeletionsAsync(10);
        Assert.Equal(["bob", "alice"], audit.Select(a => a.DeletedBy));
        Assert.Equal(new EventDeletionRecord(Ns, RecordId.FromString("audited"), "alice", Time.GetUtcNow() - TimeSpan.FromMinutes(1)), audit[1]);
        Assert.Equal(Other, audit[0].Namespace);
        var cleanups = await store.ListCleanupsAsync(10);
        Assert.Equal([Ns, Other], cleanups.Select(c => c.Namespace));
        Assert.All(cleanups, c => Assert.Equal(RecordId.FromString("audited"), c.Key));

        await store.MarkCleanupFailedAsync(Ns, RecordId.FromString("audited"), "IOException: index down");
        var failed = (await store.ListCleanupsAsync(10))[0];
        Assert.Equal((1, "IOException: index down"), (failed.Attempts, failed.Error));
        await store.CompleteCleanupAsync(Ns, RecordId.FromString("audited"));
        Assert.Equal([Other], (await store.ListCleanupsAsync(10)).Select(c => c.Namespace));
    }

    [Fact]
    public async Task A_deleted_event_whose_cleanup_is_pending_has_version_0_until_the_cleanup_completes()
    {
        var store = Open();
        var (gone, kept, never) = (RecordId.FromString("gone"), RecordId.FromString("kept"), RecordId.FromString("never"));
        await store.AcceptAsync(Ns, Event("gone", "text"));
        await store.AcceptAsync(Ns, Event("kept", "text"));
        await store.AcceptAsync(Other, Event("gone", "text"));
        await store.DeleteAsync(Ns, gone, "alice");

        var pending = await store.GetVersionsAsync(Ns, [gone, kept, never]);
        Assert.Equal(new Dictionary<RecordId, int> { [gone] = 0, [kept] = 1 }, pending);
        Assert.Equal(1, (await store.GetVersionsAsync(Other, [gone]))[gone]);

        await store.CompleteCleanupAsync(Ns, gone);
        Assert.Equal([kept], (await store.GetVersionsAsync(Ns, [gone, kept])).Keys);
    }

    [Fact]
    public async Task A_replacement_waits_under_its_version_key_and_becomes_the_event_when_done()
    {
        var store = Open();
        var id = RecordId.FromString("doc");
        await AcceptDoneAsync(store, Event("doc", "first text"));

        var replaced = await store.ReplaceAsync(Ns, new IngestEvent(id, "second text", new JsonObject { ["v"] = 2 }));

        var key = IndexKeys.For(id, 2);
        Assert.False(replaced.Unchanged);
        Assert.Equal(key, replaced.ToPublish!.Event.Id);
        Assert.Equal((1, IngestStates.Done), (replaced.Status.Version, replaced.Status.State));
        Assert.Equal(new ReplacementStatus(2, IngestStates.Queued, 0, null, Time.GetUtcNow()), replaced.Status.Replacement);
        Assert.Equal(1, (await store.GetVersionsAsync(Ns, [id]))[id]);
        Assert.Equal("first text", (await store.GetEventAsync(Ns, id))!.Event.Text);
        Assert.Single((await store.ListEventsAsync(Ns, new EventQuery(null, null, null, null, 10, null))).Events);
        Assert.Contains(await store.ListUnpublishedAsync(DateTimeOffset.MaxValue, 10), e => e.Event.Id == key);

        Assert.Single(await store.StartAttemptsAsync(Ns, [key]));
        Assert.Equal(IngestStates.Processing, (await store.GetStatusAsync(Ns, id))!.Replacement!.State);
        await store.MarkDoneAsync(Ns, [key]);

        var status = (await store.GetStatusAsync(Ns, id))!;
        Assert.Equal((2, IngestStates.Done, (ReplacementStatus?)null), (status.Version, status.State, status.Replacement));
        var current = (await store.GetEventAsync(Ns, id))!;
        Assert.Equal(("second text", 2), (current.Event.Text, current.Event.Metadata["v"]!.GetValue<int>()));
        Assert.Equal(2, (await store.GetVersionsAsync(Ns, [id, RecordId.FromString("unknown")]))[id]);
        Assert.Equal([id], (await store.ListCleanupsAsync(10)).Select(c => c.Key));
        Assert.Empty(await store.GetEventsAsync(Ns, [key]));
        Assert.True((await store.AcceptAsync(Ns, new IngestEvent(id, "second text", []))).AlreadyAccepted);
        await Assert.ThrowsAsync<ConflictException>(() => store.AcceptAsync(Ns, Event("doc", "first text")));
    }

    [Fact]
    public async Task A_replacement_is_refused_for_an_unknown_event_or_while_one_is_pending_and_the_same_text_is_no_new_version()
    {
        var store = Open();
        var id = RecordId.FromString("doc");
        await Assert.ThrowsAsync<NotFoundException>(() => store.ReplaceAsync(Ns, Event("doc", "text")));
        await store.AcceptAsync(Ns, Event("doc", "first text"));
        await Assert.ThrowsAsync<ConflictException>(() => store.ReplaceAsync(Ns, Event("doc", "too early")));
        await store.StartAttemptsAsync(Ns, [id]);
        await store.MarkDoneAsync(Ns, [id]);

        var same = await store.ReplaceAsync(Ns, Event("doc", "first text"));
        var pending = await store.ReplaceAsync(Ns, Event("doc", "second text"));
        var again = await store.ReplaceAsync(Ns, Event("doc", "second text"));

        Assert.True(same.Unchanged);
        Assert.Null(same.ToPublish);
        Assert.Null(same.Status.Replacement);
        Assert.False(pending.Unchanged);
        Assert.True(again.Unchanged);
        Assert.Equal(IndexKeys.For(id, 2), again.ToPublish!.Event.Id); // not yet marked published: the retry publishes it
        await Assert.ThrowsAsync<ConflictException>(() => store.ReplaceAsync(Ns, Event("doc", "third text")));
        await Assert.ThrowsAsync<ConflictException>(() => store.ReplaceAsync(Ns, Event("doc", "first text")));
    }

    [Fact]
    public async Task A_failed_replacement_keeps_the_current_version_says_why_and_a_new_text_supersedes_it()
    {
        var store = Open();
        var id = RecordId.FromString("doc");
        await AcceptDoneAsync(store, Event("doc", "first text"));
        var key2 = (await store.ReplaceAsync(Ns, Event("doc", "second text"))).ToPublish!.Event.Id;
        await store.StartAttemptsAsync(Ns, [key2]);
        await store.MarkDeadLetteredAsync(Ns, key2, "IOException: embedder down");

        var status = (await store.GetStatusAsync(Ns, id))!;
        Assert.Equal((1, IngestStates.Done), (status.Version, status.State));
        Assert.Equal((IngestStates.DeadLettered, "IOException: embedder down"), (status.Replacement!.State, status.Replacement.Error));
        Assert.Empty(await store.ListAsync(Ns, IngestStates.DeadLettered, 10));
        Assert.Equal("first text", (await store.GetEventAsync(Ns, id))!.Event.Text);

        var superseding = await store.ReplaceAsync(Ns, Event("doc", "third text"));

        Assert.Equal(IndexKeys.For(id, 3), superseding.ToPublish!.Event.Id);
        Assert.Equal([key2], (await store.ListCleanupsAsync(10)).Select(c => c.Key));
        Assert.Empty(await store.StartAttemptsAsync(Ns, [key2]));
    }

    [Fact]
    public async Task Deleting_an_event_with_a_pending_replacement_forgets_both_and_records_both_keys()
    {
        var store = Open();
        var id = RecordId.FromInteger(7);
        await AcceptDoneAsync(store, new IngestEvent(id, "first text", []));
        var key = (await store.ReplaceAsync(Ns, new IngestEvent(id, "second text", []))).ToPublish!.Event.Id;

        var keys = await store.DeleteAsync(Ns, id, "alice");

        Assert.Equal(new[] { id, key }.Select(k => k.Json).Order(StringComparer.Ordinal), keys!.Select(k => k.Json).Order(StringComparer.Ordinal));
        Assert.Empty(await store.GetEventsAsync(Ns, [id, key]));
        Assert.Empty(await store.StartAttemptsAsync(Ns, [key]));
        await store.MarkDoneAsync(Ns, [key]); // a worker finishing it now changes nothing
        Assert.Null(await store.GetStatusAsync(Ns, id));
    }

    private static async Task AcceptDoneAsync(IEventStore store, IngestEvent ingestEvent)
    {
        await store.AcceptAsync(Ns, ingestEvent);
        await store.StartAttemptsAsync(Ns, [ingestEvent.Id]);
        await store.MarkDoneAsync(Ns, [ingestEvent.Id]);
    }

    protected IEventStore Open() => OpenStore(Time);

    protected static IngestEvent Event(string id, string text) => new(RecordId.FromString(id), text, []);
}
