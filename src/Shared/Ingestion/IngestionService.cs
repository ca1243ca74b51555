using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using RagMemory.Errors;
using RagMemory.Logging;
using RagMemory.Namespaces;

namespace RagMemory.Ingestion;

/// <summary>
/// What the API and the portal call to submit text: checks it, has the store accept it, then publishes it on the bus.
/// Everyone uses <see cref="MemoryNamespace.Default"/> until namespaces per account and client arrive.
/// </summary>
public sealed class IngestionService(IEventStore store, EventPublisher publisher, IOptions<IngestionOptions> options, IngestionGate? gate = null)
{
    private static readonly MemoryNamespace Ns = MemoryNamespace.Default;

    /// <summary>The most dead letters one listing returns.</summary>
    public const int MaxDeadLetterPage = 500;

    /// <summary>The longest string id, as <see cref="RecordId.FromJson"/> allows.</summary>
    public const int MaxIdLength = 256;

    /// <summary>
    /// Durable in the store and on the bus before it returns (the 202). A submission whose earlier publication failed
    /// is published by its retry; one lost to a crash, by the worker at the next start (see <see cref="IEventStore"/>).
    /// </summary>
    public async Task<EnqueueResult> SubmitAsync(RecordId id, string? text, JsonObject? metadata, CancellationToken cancellationToken = default)
    {
        if (gate?.IsClosed == true)
        {
            throw new ShuttingDownException();
        }

        Guard.Text(text, options.Value.MaxTextLength);
        var ingestEvent = new IngestEvent(id, text!, metadata ?? [], CorrelationContext.Current);
        var result = await store.AcceptAsync(Ns, ingestEvent, cancellationToken).ConfigureAwait(false);
        if (!result.Published)
        {
            await publisher.PublishAsync(new EventEnvelope(Ns, ingestEvent), cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>The events of an uploaded file (see <see cref="IngestFile"/>), checked but not yet submitted.</summary>
    public IReadOnlyList<IngestEvent> ReadFile(string fileName, string content) =>
        IngestFile.Read(fileName, content, options.Value.MaxTextLength);

    public Task<IngestStatus?> FindStatusAsync(RecordId id, CancellationToken cancellationToken = default) =>
        store.GetStatusAsync(Ns, id, cancellationToken);

    public async Task<IngestStatus> GetStatusAsync(RecordId id, CancellationToken cancellationToken = default) =>
        await store.GetStatusAsync(Ns, id, cancellationToken).ConfigureAwait(false)
        ?? throw new NotFoundException($"No ingestion event with id {id}.");

    /// <summary>
    /// The event a URL path names. A path cannot say whether 42 was sent as a number or a string: the integer id
    /// wins when such an event exists, then the string.
    /// </summary>
    public async Task<IngestStatus> GetStatusByPathAsync(string id, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrWhiteSpace(id) || id.Length > MaxIdLength)
        {
            throw new InvalidInputException("id", $"'id' must be a non-blank string of at most {MaxIdLength} characters or an integer.");
        }

        var asInteger = long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? await store.GetStatusAsync(Ns, RecordId.FromInteger(number), cancellationToken).ConfigureAwait(false)
            : null;
        return asInteger ?? await GetStatusAsync(RecordId.FromString(id), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An event as submitted, with where it is now: what a citation opens.</summary>
    public async Task<SourceEvent> GetEventAsync(RecordId id, CancellationToken cancellationToken = default) =>
        await store.GetEventAsync(Ns, id, cancellationToken).ConfigureAwait(false)
        ?? throw new NotFoundException($"No ingestion event with id {id}.");

    public Task<QueueCounts> GetCountsAsync(CancellationToken cancellationToken = default) => store.GetCountsAsync(Ns, cancellationToken);

    /// <summary>
    /// A page of the events, newest first, checked as the API states it: a known state, metadata as a JSON object of
    /// exact matches, a window that does not end before it starts, a limit of 1 to 100, a cursor a page returned.
    /// </summary>
    public Task<EventPage> ListEventsAsync(string? state, string? metadata, DateTimeOffset? after, DateTimeOffset? before, int limit, string? cursor, CancellationToken cancellationToken = default)
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
        return store.ListEventsAsync(Ns, query, cancellationToken);
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

    /// <summary>The most recently dead-lettered events first, with the error of their last attempt.</summary>
    public Task<IReadOnlyList<IngestStatus>> ListDeadLettersAsync(int limit, CancellationToken cancellationToken = default)
    {
        Guard.Limit(limit, max: MaxDeadLetterPage);
        return store.ListAsync(Ns, IngestStates.DeadLettered, limit, cancellationToken);
    }

    /// <summary>
    /// Queues a dead letter again with a fresh set of attempts (the store resets it, the bus republishes it); 404 when
    /// no such event, 409 when it is not a dead letter.
    /// </summary>
    public async Task<IngestStatus> ReplayAsync(RecordId id, CancellationToken cancellationToken = default)
    {
        var status = await GetStatusAsync(id, cancellationToken).ConfigureAwait(false);
        if (!await TryReplayAsync(id, cancellationToken).ConfigureAwait(false))
        {
            throw new ConflictException($"Ingestion event {id} is {status.State}, not dead-lettered; only dead letters can be replayed.");
        }

        return await GetStatusAsync(id, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replays every dead letter there is, a page at a time; returns how many were queued again.</summary>
    public async Task<int> ReplayAllAsync(CancellationToken cancellationToken = default)
    {
        var replayed = 0;
        IReadOnlyList<IngestStatus> page;
        do
        {
            page = await store.ListAsync(Ns, IngestStates.DeadLettered, MaxDeadLetterPage, cancellationToken).ConfigureAwait(false);
            foreach (var deadLetter in page)
            {
                replayed += await TryReplayAsync(deadLetter.Id, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }
        }
        while (page.Count == MaxDeadLetterPage);

        return replayed;
    }

    private async Task<bool> TryReplayAsync(RecordId id, CancellationToken cancellationToken)
    {
        var replayed = await store.ReplayAsync(Ns, id, cancellationToken).ConfigureAwait(false);
        if (replayed is not null)
        {
            await publisher.PublishAsync(replayed, cancellationToken).ConfigureAwait(false);
        }

        return replayed is not null;
    }
}
