using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using RagMemory.Errors;
using RagMemory.Logging;

namespace RagMemory.Ingestion;

/// <summary>What the API and the portal call to submit text: checks it, then hands it to the durable queue.</summary>
public sealed class IngestionService(IIngestionQueue queue, IOptions<IngestionOptions> options)
{
    public Task<EnqueueResult> SubmitAsync(RecordId id, string? text, JsonObject? metadata, CancellationToken cancellationToken = default)
    {
        Guard.Text(text, options.Value.MaxTextLength);
        return queue.EnqueueAsync(new IngestEvent(id, text!, metadata ?? [], CorrelationContext.Current), cancellationToken);
    }

    public Task<IngestStatus?> FindStatusAsync(RecordId id, CancellationToken cancellationToken = default) =>
        queue.GetStatusAsync(id, cancellationToken);

    public async Task<IngestStatus> GetStatusAsync(RecordId id, CancellationToken cancellationToken = default) =>
        await queue.GetStatusAsync(id, cancellationToken).ConfigureAwait(false)
        ?? throw new NotFoundException($"No ingestion event with id {id}.");
}
