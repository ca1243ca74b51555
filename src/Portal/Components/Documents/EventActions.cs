using Microsoft.AspNetCore.Components.Authorization;
using RagMemory.Ingestion;
using RagMemory.Namespaces;
using RagMemory.RateLimiting;

namespace RagMemory.Portal.Components.Documents;

/// <summary>
/// What the portal does to one ingested event, as the API routes do it: delete it through <see cref="EventDeletion"/>,
/// queue a dead letter again; each spends from its route's rate-limit policy as the signed-in person, in the namespace
/// the person picked, once they may write it.
/// </summary>
public sealed class EventActions(EventDeletion deletion, IngestionService ingestion, PortalLimits limits, AuthenticationStateProvider authentication, Namespaces.NamespaceChoice choice)
{
    /// <summary>What the confirmation dialog asks before a delete.</summary>
    public static string DeleteQuestion(RecordId id) =>
        $"Delete event {id}? Its text, vectors, keyword rows and graph mentions are removed from every search at once; this cannot be undone.";

    /// <summary>Only a dead letter can be queued again: the worker skips an event that is done or on its way.</summary>
    public static bool CanReingest(IngestStatus status) => status.State == IngestStates.DeadLettered;

    public async Task DeleteAsync(RecordId id)
    {
        var ns = await choice.ForWriteAsync();
        await limits.SpendAsync(RateLimitPolicies.Ingest);
        var user = (await authentication.GetAuthenticationStateAsync()).User.Identity?.Name ?? "unknown";
        await deletion.DeleteAsync(ns, id, user);
    }

    public async Task<IngestStatus> ReingestAsync(RecordId id)
    {
        var ns = await choice.ForWriteAsync();
        await limits.SpendAsync(RateLimitPolicies.Ingest);
        return await ingestion.ReplayAsync(ns, id);
    }
}
