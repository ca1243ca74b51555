using System.Text.Json.Nodes;
using RagMemory.Ingestion;

namespace RagMemory.Api.Contracts;

/// <summary>The deletion audit, most recent first.</summary>
public sealed record DeletionAuditResponse(IReadOnlyList<DeletionAuditEntry> Deletions)
{
    public static DeletionAuditResponse From(IReadOnlyList<EventDeletionRecord> records) =>
        new([.. records.Select(r => new DeletionAuditEntry(r.Id.ToJsonNode(), r.Namespace.Name, r.DeletedBy, r.DeletedAt))]);
}

/// <summary>One deleted event: which, in which namespace, by whom, when.</summary>
public sealed record DeletionAuditEntry(JsonNode Id, string Namespace, string DeletedBy, DateTimeOffset DeletedAt);
