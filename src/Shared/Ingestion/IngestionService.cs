using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using RagMemory.Errors;
using RagMemory.Logging;

namespace RagMemory.Ingestion;

/// <summary>What the API and the portal call to submit text: checks it, then hands it to the durable queue.</summary>
public sealed class IngestionService(IIngestionQueue queue, IOptions<IngestionOptions> options)
{
    /// <summary>The most dead letters one listing returns.</summary>
    public const int MaxDeadLetterPage = 500;

    public Task<EnqueueResult> SubmitAsync(RecordId id, string? text, JsonObject? metadata, CancellationToken cancellationToken = default)
    {
        Guard.Text(text, options.Value.MaxTextLength);
        return queue.EnqueueAsync(new IngestEvent(id, text!, metadata ?? [], CorrelationContext.Current), cancellationToken);
    }

    /// <summary>The events of an uploaded file (see <see cref="IngestFile"/>), checked but not yet submitted.</summary>
    public IReadOnlyList<IngestEvent> ReadFile(string fileName, string content) =>
        IngestFile.Read(fileName, content, options.Value.MaxTextLength);

    public Task<IngestStatus?> FindStatusAsync(RecordId id, CancellationToken cancellationToken = default) =>
        queue.GetStatusAsync(id, cancellationToken);

    public async Task<IngestStatus> GetStatusAsync(RecordId id, CancellationToken cancellationToken = default) =>
        await queue.GetStatusAsync(id, cancellationToken).ConfigureAwait(false)
        ?? throw new NotFoundException($"No ingestion event with id {id}.");

    /// <summary>
    /// The event a URL path names. A path cannot say whether 42 was sent as a number or a string: the integer id
    /// wins when such an event exists, then the string.
    /// </summary>
    public async Task<IngestStatus> GetStatusByPathAsync(string id, CancellationToken cancellationToken = default)
    {
        var asInteger = long.TryParse(id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? await queue.GetStatusAsync(RecordId.FromInteger(number), cancellationToken).ConfigureAwait(false)
            : null;
        return asInteger ?? await GetStatusAsync(RecordId.FromString(id), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An event as submitted, with where it is now: what a citation opens.</summary>
    public async Task<SourceEvent> GetEventAsync(RecordId id, CancellationToken cancellationToken = default) =>
        await queue.GetEventAsync(id, cancellationToken).ConfigureAwait(false)
        ?? throw new NotFoundException($"No ingestion event with id {id}.");

    public Task<QueueCounts> GetCountsAsync(CancellationToken cancellationToken = default) => queue.GetCountsAsync(cancellationToken);

    /// <summary>The most recently dead-lettered events first, with the error of their last attempt.</summary>
    public Task<IReadOnlyList<IngestStatus>> ListDeadLettersAsync(int limit, CancellationToken cancellationToken = default)
    {
        Guard.Limit(limit, max: MaxDeadLetterPage);
        return queue.ListAsync(IngestStates.DeadLettered, limit, cancellationToken);
    }

    /// <summary>Queues a dead letter again with a fresh set of attempts; 404 when no such event, 409 when it is not a dead letter.</summary>
    public async Task<IngestStatus> ReplayAsync(RecordId id, CancellationToken cancellationToken = default)
    {
        var status = await GetStatusAsync(id, cancellationToken).ConfigureAwait(false);
        if (!await queue.ReplayAsync(id, cancellationToken).ConfigureAwait(false))
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
            page = await queue.ListAsync(IngestStates.DeadLettered, MaxDeadLetterPage, cancellationToken).ConfigureAwait(false);
            foreach (var deadLetter in page)
            {
                replayed += await queue.ReplayAsync(deadLetter.Id, cancellationToken).ConfigureAwait(false) ? 1 : 0;
            }
        }
        while (page.Count == MaxDeadLetterPage);

        return replayed;
    }
}
