using System.ComponentModel;
using System.Text.Json.Nodes;
using ModelContextProtocol.Server;
using RagMemory.Answers;
using RagMemory.Api.Contracts;
using RagMemory.Identity;
using RagMemory.Ingestion;
using RagMemory.Namespaces;
using RagMemory.RateLimiting;
using RagMemory.Search;
using RagMemory.Vectors;

namespace RagMemory.Api.Mcp;

/// <summary>
/// The MCP tools, one per API route they mirror, with that route's permission and rate-limit policy and its answer
/// (the same contract records, so an agent reads what an HTTP client reads).
/// </summary>
[McpServerToolType]
public sealed class MemoryTools(IngestionService ingestion, EventDeletion deletion, HybridSearchService search, AnswerService answers, McpCalls calls)
{
    [McpServerTool(Name = "remember", Destructive = false, Idempotent = true), Description("Stores a text in memory under an id (POST /ingest/). It becomes searchable once its ingestion is done (see ingestion_status). The same id with the same text is accepted again; another text under a known id is refused.")]
    public Task<IngestAccepted> Remember(
        [Description("The memory's id, unique in the namespace.")] string id,
        [Description("The text to remember.")] string text,
        [Description("Optional JSON object of metadata to filter on later, e.g. {\"team\": \"research\"}.")] JsonObject? metadata = null,
        [Description("The namespace (default \"default\"); the caller must be allowed to write it.")] string? @namespace = null,
        CancellationToken cancellationToken = default) =>
        calls.RunAsync("remember", Permissions.Write, RateLimitPolicies.Ingest, async user =>
        {
            var ns = NamespaceAccess.ToWrite(user, @namespace);
            var recordId = RecordId.FromJson(System.Text.Json.JsonSerializer.SerializeToElement(id), "id");
            var result = await ingestion.SubmitAsync(ns, recordId, text, metadata, cancellationToken);
            return new IngestAccepted("accepted", recordId.ToJsonNode(), result.Status.State, result.AlreadyAccepted);
        });

    [McpServerTool(Name = "recall", ReadOnly = true), Description("Finds the passages in memory that best match a query: keyword, vector and graph signals fused (POST /hybrid/search).")]
    public Task<HybridSearchResponse> Recall(
        [Description("What to look for.")] string query,
        [Description("How many passages, 1 to 100.")] int limit = 10,
        [Description("Optional JSON object of exact metadata matches.")] JsonObject? metadata = null,
        [Description("The namespace (default \"default\"); the caller must be allowed to read it.")] string? @namespace = null,
        CancellationToken cancellationToken = default) =>
        calls.RunAsync("recall", Permissions.Read, RateLimitPolicies.Search, async user =>
        {
            var hits = await search.SearchAsync(NamespaceAccess.ToRead(user, @namespace), query, limit, ChunkFilter.From(metadata, null, null), cancellationToken);
            return new HybridSearchResponse([.. hits.Select(h => new HybridSearchResult(h.Id, h.Score, h.Text, h.EventId.ToJsonNode(), h.ChunkIndex, h.Scores, h.Metadata))]);
        });

    [McpServerTool(Name = "ask", ReadOnly = true), Description("Answers a question from memory, with numbered citations of the passages it used (POST /hybrid/generate).")]
    public Task<GenerateResponse> Ask(
        [Description("The question.")] string query,
        [Description("Optional JSON object of exact metadata matches.")] JsonObject? metadata = null,
        [Description("The namespace (default \"default\"); the caller must be allowed to read it.")] string? @namespace = null,
        CancellationToken cancellationToken = default) =>
        calls.RunAsync("ask", Permissions.Read, RateLimitPolicies.Generate, async user =>
        {
            return GenerateResponse.From(await answers.AnswerAsync(NamespaceAccess.ToRead(user, @namespace), query, ChunkFilter.From(metadata, null, null), cancellationToken));
        });

    [McpServerTool(Name = "get_memory", ReadOnly = true), Description("One memory as it was stored: its text, metadata and ingestion status.")]
    public Task<MemoryResponse> GetMemory(
        [Description("The memory's id.")] string id,
        [Description("The namespace (default \"default\"); the caller must be allowed to read it.")] string? @namespace = null,
        CancellationToken cancellationToken = default) =>
        calls.RunAsync("get_memory", Permissions.Read, RateLimitPolicies.Search, async user =>
        {
            var ns = NamespaceAccess.ToRead(user, @namespace);
            var status = await ingestion.GetStatusByPathAsync(ns, id, cancellationToken);
            return MemoryResponse.From(await ingestion.GetEventAsync(ns, status.Id, cancellationToken));
        });

    [McpServerTool(Name = "forget", Destructive = true, Idempotent = false), Description("Deletes a memory and everything derived from it: vectors, keyword rows and graph mentions (DELETE /ingest/{id}). Needs the write permission.")]
    public Task<ForgetResponse> Forget(
        [Description("The memory's id.")] string id,
        [Description("The namespace (default \"default\"); the caller must be allowed to write it.")] string? @namespace = null,
        CancellationToken cancellationToken = default) =>
        calls.RunAsync("forget", Permissions.Write, RateLimitPolicies.Ingest, async user =>
        {
            var ns = NamespaceAccess.ToWrite(user, @namespace);
            var status = await ingestion.GetStatusByPathAsync(ns, id, cancellationToken);
            await deletion.DeleteAsync(ns, status.Id, user.Identity?.Name ?? "unknown", cancellationToken);
            return new ForgetResponse(status.Id.ToJsonNode(), Deleted: true);
        });

    [McpServerTool(Name = "update_memory", Destructive = true, Idempotent = true), Description("Replaces a memory's text (and metadata) with a new version (PUT /ingest/{id}). Searches show the old text until the new one is processed, then only the new one; a replacement that fails keeps the old text and ingestion_status says why. Needs the write permission.")]
    public Task<ReplaceAccepted> UpdateMemory(
        [Description("The memory's id.")] string id,
        [Description("The new text.")] string text,
        [Description("Optional metadata for the new version (replaces the old metadata).")] JsonObject? metadata = null,
        [Description("The namespace (default \"default\"); the caller must be allowed to write it.")] string? @namespace = null,
        CancellationToken cancellationToken = default) =>
        calls.RunAsync("update_memory", Permissions.Write, RateLimitPolicies.Ingest, async user =>
            ReplaceAccepted.From(await ingestion.ReplaceByPathAsync(NamespaceAccess.ToWrite(user, @namespace), id, text, metadata, cancellationToken)));

    [McpServerTool(Name = "list_memories", ReadOnly = true), Description("Pages through the stored memories, newest first, with status, metadata and text length (GET /ingest). Pass next_cursor back as cursor for the next page.")]
    public Task<EventListResponse> ListMemories(
        [Description("Only this state: queued, processing, done, failed or dead_lettered.")] string? state = null,
        [Description("Optional JSON object of exact metadata matches, as a string.")] string? metadata = null,
        [Description("Only memories accepted at or after this time (ISO 8601).")] DateTimeOffset? after = null,
        [Description("Only memories accepted at or before this time (ISO 8601).")] DateTimeOffset? before = null,
        [Description("Page size, 1 to 100.")] int limit = 20,
        [Description("The next_cursor of the previous page.")] string? cursor = null,
        [Description("The namespace (default \"default\"); the caller must be allowed to read it.")] string? @namespace = null,
        CancellationToken cancellationToken = default) =>
        calls.RunAsync("list_memories", Permissions.Read, RateLimitPolicies.Search, async user =>
            EventListResponse.From(await ingestion.ListEventsAsync(NamespaceAccess.ToRead(user, @namespace), state, metadata, after, before, limit, cursor, cancellationToken)));

    [McpServerTool(Name = "ingestion_status", ReadOnly = true), Description("Where a memory's ingestion is: queued, processing, done, failed (retry scheduled) or dead_lettered (GET /ingest/{id}).")]
    public Task<IngestStatusResponse> IngestionStatus(
        [Description("The memory's id.")] string id,
        [Description("The namespace (default \"default\"); the caller must be allowed to read it.")] string? @namespace = null,
        CancellationToken cancellationToken = default) =>
        calls.RunAsync("ingestion_status", Permissions.Read, RateLimitPolicies.Search, async user =>
            IngestStatusResponse.From(await ingestion.GetStatusByPathAsync(NamespaceAccess.ToRead(user, @namespace), id, cancellationToken)));
}
