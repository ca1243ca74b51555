using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components.Authorization;
using RagMemory.Ingestion;
using RagMemory.Namespaces;
using RagMemory.RateLimiting;

namespace RagMemory.Portal.Components.Documents;

/// <summary>
/// What the portal does to one ingested event, as the API routes do it: delete it through <see cref="EventDeletion"/>,
/// replace its text with a new version as <c>PUT /ingest/{id}</c> does, queue a dead letter again; each spends from its route's rate-limit policy as the signed-in person, in the namespace
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

    /// <summary>
    /// A new version of the event's text, through the same <see cref="IngestionService.ReplaceAsync"/> as
    /// <c>PUT /ingest/{id}</c>, so the same rules hold: the current or pending text again is no new version, a pending
    /// replacement is a conflict, a full queue is backpressure. The event's metadata goes with it unchanged: the route
    /// replaces metadata with what the body carries, and the portal's dialog edits only the text.
    /// </summary>
    public async Task<ReplaceResult> ReplaceAsync(RecordId id, string? text, JsonObject metadata)
    {
        var ns = await choice.ForWriteAsync();
        await limits.SpendAsync(RateLimitPolicies.Ingest);
        return await ingestion.ReplaceAsync(ns, id, text, metadata.DeepClone().AsObject());
    }

    /// <summary>What a replacement did, as the page says it after the dialog closes.</summary>
    public static string ReplaceOutcome(ReplaceResult result) => result.Unchanged
        ? $"Unchanged: event {result.Status.Id} already has this text, so no new version was made."
        : $"Version {result.Status.Replacement?.Version ?? result.Status.Version} of event {result.Status.Id} is queued; searches show version {result.Status.Version} until it is done.";

    /// <summary>The version searches show and, if one is waiting, the replacement's version and state.</summary>
    public static string VersionLine(IngestStatus status) => status.Replacement switch
    {
        null => $"version {status.Version}",
        { Error: { } error } replacement => $"version {status.Version} · replacement version {replacement.Version} {replacement.State}: {error}",
        var replacement => $"version {status.Version} · replacement version {replacement.Version} {replacement.State}",
    };
}
