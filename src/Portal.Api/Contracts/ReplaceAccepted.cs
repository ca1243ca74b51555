using System.Text.Json.Nodes;
using RagMemory.Ingestion;

namespace RagMemory.Api.Contracts;

/// <summary>
/// 202 answer to a replacement: the visible <see cref="Version"/>, the <see cref="Replacement"/> now pending, and
/// <see cref="Unchanged"/> true when the text was the current or pending one (no new version).
/// </summary>
public sealed record ReplaceAccepted(string Status, JsonNode Id, int Version, ReplacementResponse? Replacement, bool Unchanged)
{
    public static ReplaceAccepted From(ReplaceResult result) =>
        new("accepted", result.Status.Id.ToJsonNode(), result.Status.Version, ReplacementResponse.From(result.Status.Replacement), result.Unchanged);
}
