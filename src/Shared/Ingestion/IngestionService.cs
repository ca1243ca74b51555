using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using RagMemory.Errors;
using RagMemory.Logging;
using RagMemory.Namespaces;

namespace RagMemory.Ingestion;

/// <summary>
/// What the API and the portal call to submit text: checks it, has the store accept it, then publishes it on the bus.
/// Every call works in one namespace, which the caller has checked the user may use (<see cref="NamespaceAccess"/>).
/// </summary>
public sealed class IngestionService(IEventStore store, EventPublisher publisher, IOptions<IngestionOptions> options, IngestionGate? gate = null)
{
    /// <summary>The most dead letters one listing returns.</summary>
    public const int MaxDeadLetterPage = 500;

    /// <summary>The longest string id, as <see cref="RecordId.FromJson"/> allows.</summary>
    public const int MaxIdLength = 256;

    /// <summary>
    /// Durable in the store and on the bus before it returns (the 202). A submission whose earlier publication failed
    /// is published by its retry; one lost to a crash, by the worker at the next start (see <see cref="IEventStore"/>).
    /// A queue already holding <see cref="IngestionOptions.MaxQueueDepth"/> unfinished events refuses it with
    /// <see cref="QueueFullException"/> before anything is stored.
    /// </summary>
    public async Task<EnqueueResult> SubmitAsync(MemoryNamespace ns, RecordId id, string? text, JsonObject? metadata, CancellationToken cancellationToken = default)
    {
        if (gate?.IsClosed == true)
        {
            throw new ShuttingDownException();
        }

        GuardId(id);
        Guard.Text(text, options.Value.MaxTextLength);
        await EnsureRoomAsync(cancellationToken).ConfigureAwait(false);
        var ingestEvent = new IngestEvent(id, text!, metadata ?? [], CorrelationContext.Current);
        var result = await store.AcceptAsync(ns, ingestEvent, cancellationToken).ConfigureAwait(false);
        if (!result.Published)
        {
            await publisher.PublishAsync(new EventEnvelope(ns, ingestEvent), cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>
    /// A new text (and metadata) for an existing event, as its next version: searches show the current version until
    /// the new one is done, then only the new one (see <see cref="IndexKeys"/>). Durable and published before it
    /// returns. 404 for an unknown event; the current or pending text again changes nothing; 409 while the event or an
    /// earlier replacement is still in the pipeline (see <see cref="IEventStore.ReplaceAsync"/>).
    /// </summary>
    public async Task<ReplaceResult> ReplaceAsync(MemoryNamespace ns, RecordId id, string? text, JsonObject? metadata, CancellationToken cancellationToken = default)
    {
        if (gate?.IsClosed == true)
        {
            throw new ShuttingDownException();
        }

        GuardId(id);
        Guard.Text(text, options.Value.MaxTextLength);
        await EnsureRoomAsync(cancellationToken).ConfigureAwait(false);
        var result = await store.ReplaceAsync(ns, new IngestEvent(id, text!, metadata ?? [], CorrelationContext.Current), cancellationToken).ConfigureAwait(false);
        if (result.ToPublish is { } envelope)
        {
            await publisher.PublishAsync(envelope, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>The event a URL path names, as <see cref="GetStatusByPathAsync"/> finds it, replaced by <paramref name="text"/>.</summary>
    public async Task<ReplaceResult> ReplaceByPathAsync(MemoryNamespace ns, string id, string? text, JsonObject? metadata, CancellationToken cancellationToken = default)
    {
        var status = await GetStatusByPathAsync(ns, id, cancellationToken).ConfigureAwait(false);
        return await ReplaceAsync(ns, status.Id, text, metadata, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ids that start with <see cref="IndexKeys.Marker"/> name versions inside the indexes, never a client's event.</summary>
    private static void GuardId(RecordId id)
    {
        if (IndexKeys.IsReserved(id))
        {
            throw new InvalidInputException("id", "'id' must not start with the control character U+001F.");
        }
    }

    /// <summary>
    /// Backpressure: the depth is read before each submission, so submissions arriving together may pass the bound by
    /// as many as arrive at once (each sees room), never by more.
    /// </summary>
    private async Task EnsureRoomAsync(CancellationToken cancellationToken)
    {
        var depth = await store.CountUnfinishedAsync(cancellationToken).ConfigureAwait(false);
        if (depth >= options.Value.MaxQueueDepth)
        {
            throw new QueueFullException(depth, options.Value.MaxQueueDepth, options.Value.QueueFullRetryAfter);
        }
    }

    /// <summary>The events of an uploaded file (see <see cref="IngestFile"/>), checked but not yet submitted.</summary>
    public IReadOnlyList<IngestEvent> ReadFile(string fileName, string content) =>
        IngestFile.Read(fileName, content, options.Value.MaxTextLength);

    public Task<IngestStatus?> FindStatusAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default) =>
        store.GetStatusAsync(ns, id, cancellationToken);

    public async Task<IngestStatus> GetStatusAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default) =>
        await store.GetStatusAsync(ns, id, cancellationToken).ConfigureAwait(false)
        ?? throw new NotFoundException($"No ingestion event with id {id}.");

    /// <summary>
    /// The event a URL path names. A path cannot say whether 42 was sent as a number or a string: the integer id
    /// wins when such an event exists, then the string.
    /// </summary>
    public async Task<IngestStatus> GetStatusByPathAsync(MemoryNamespace ns, string id, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength)
        {
            throw new InvalidInputException("id", $"'id' must be a non-blank string of at most {MaxIdLength} characters or an integer.");
        }

        GuardId(RecordId.FromString(id));
        var asInteger = long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? await store.GetStatusAsync(ns, RecordId.FromInteger(number), cancellationToken).ConfigureAwait(false)
            : null;
        return asInteger ?? await GetStatusAsync(ns, RecordId.FromString(id), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An event as submitted, with where it is now: what a citation opens.</summary>
    public async Task<SourceEvent> GetEventAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default) =>
        await store.GetEventAsync(ns, id, cancellationToken).ConfigureAwait(false)
        ?? throw new NotFoundException($"No ingestion event with id {id}.");

    public Task<QueueCounts> GetCountsAsync(MemoryNamespace ns, CancellationToken cancellationToken = default) => store.GetCountsAsync(ns, cancellationToken);

    /// <summary>
    /// A page of the events, newest first, checked as the API states it: a known state, metadata as a JSON object of
    /// exact matches, a window that does not end before it starts, a limit of 1 to 100, a cursor a page returned.
    /// </summary>
    public Task<EventPage> ListEventsAsync(MemoryNamespace ns, string? state, string? metadata, DateTimeOffset? after, DateTimeOffset? before, int limit, string? cursor, CancellationToken cancellationToken = default)
    {
        if (state is not null && !IngestStates.All.Contains(state))
        {
            throw new InvalidInputException("state", $"'state' must be one of {string.Join(", ", IngestStates.All)} (got '{state}').");
        }

        if (after > before)
        {
            throw new InvalidInputException("before", "'before' must not be earlier than 'after'.");
        }

        Guard.Limit(limit);
        var query = new EventQuery(
            state,
            Vectors.PayloadFilter.From(ParseMetadata(metadata)),
            after,
            before,
            limit,
            string.IsNullOrEmpty(cursor) ? null : EventCursor.Decode(cursor));
        return store.ListEventsAsync(ns, query, cancellationToken);
    }

    private static JsonObject? ParseMetadata(string? metadata)
    {
        if (string.IsNullOrWhiteSpace(metadata))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(metadata) as JsonObject
                ?? throw new InvalidInputException("metadata", "'metadata' must be a JSON object of exact matches, e.g. {\"team\":\"research\"}.");
        }
        catch (System.Text.Json.JsonException exception)
        {
            throw new InvalidInputException("metadata", $"'metadata' is not valid JSON: {exception.Message}");
        }
    }

    /// <summary>The deletion audit, most recent first, in every namespace (an admin's view).</summary>
    public Task<IReadOnlyList<EventDeletionRecord>> ListDeletionsAsync(int limit, CancellationToken cancellationToken = default)
    {
        Guard.Limit(limit, max: MaxDeadLetterPage);
        return store.ListDeletionsAsync(limit, cancellationToken);
    }

    /// <summary>The most recently dead-lettered events first, with the error of their last attempt.</summary>
    public Task<IReadOnlyList<IngestStatus>> ListDeadLettersAsync(MemoryNamespace ns, int limit, CancellationToken cancellationToken = default)
    {
        Guard.Limit(limit, max: MaxDeadLetterPage);
        return store.ListAsync(ns, IngestStates.DeadLettered, limit, cancellationToken);
    }

    /// <summary>
    /// Queues a dead letter again with a fresh set of attempts (the store resets it, the bus republishes it); 404 when
    /// no such event, 409 when it is not a dead letter.
    /// </summary>
    public async Task<IngestStatus> ReplayAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken = default)
    {
        var status = await GetStatusAsync(ns, id, cancellationToken).ConfigureAwait(false);
        if (!await TryReplayAsync(ns, id, cancellationToken).ConfigureAwait(false))
        {
            throw new ConflictException($"Ingestion event {id} is {status.State}, not dead-lettered; only dead letters can be replayed.");
        }

        return await GetStatusAsync(ns, id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replays every dead letter there is, a page at a time; returns how many were queued again.</summary>
    public async Task<int> ReplayAllAsync(MemoryNamespace ns, CancellationToken cancellationToken = default)
    {
        var replayed = 0;
        IReadOnlyList<IngestStatus> page;
        do
        {
            page = await store.ListAsync(ns, IngestStates.DeadLettered, MaxDeadLetterPage, cancellationToken).ConfigureAwait(false);
            foreach (var deadLetter in page)
            {
                replayed += await TryReplayAsync(ns, deadLetter.Id, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }
        }
        while (page.Count == MaxDeadLetterPage);

        return replayed;
    }

    private async Task<bool> TryReplayAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken)
    {
        var replayed = await store.ReplayAsync(ns, id, cancellationToken).ConfigureAwait(false);
        if (replayed is not null)
        {
            await publisher.PublishAsync(replayed, cancellationToken).ConfigureAwait(false);
        }

        return replayed is not null;
    }
}
