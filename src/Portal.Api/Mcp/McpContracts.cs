using System.Text.Json.Nodes;
using RagMemory.Ingestion;

namespace RagMemory.Api.Mcp;

/// <summary>What <c>get_memory</c> answers: the text as stored, its metadata and its ingestion status.</summary>
public sealed record MemoryResponse(JsonNode Id, string Text, JsonObject Metadata, string Status, int Attempts, string? Error, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static MemoryResponse From(SourceEvent source) => new(
        source.Event.Id.ToJsonNode(), source.Event.Text, source.Event.Metadata, source.Status.State, source.Status.Attempts, source.Status.Error, source.Status.CreatedAt, source.Status.UpdatedAt);
}

/// <summary>What <c>forget</c> answers once the memory and all derived from it are gone.</summary>
public sealed record ForgetResponse(JsonNode Id, bool Deleted);
