using System.Text.RegularExpressions;

namespace RagMemory.Ingestion;

/// <summary>
/// Names the chunks of an event. The event id is kept in its JSON form so that event 1 and event "1" never share chunks.
/// Chunks share the vector collection with the vectors clients upsert, so those names are reserved for ingestion.
/// </summary>
public static partial class ChunkIds
{
    public static string For(RecordId eventId, int chunkIndex) => $"{eventId.Json}#{chunkIndex}";

    /// <summary>Whether an id has the form of a chunk's (<c>"e1"#0</c>, <c>42#3</c>), which only ingestion may write.</summary>
    public static bool IsReserved(RecordId id) => !id.IsInteger && ChunkName().IsMatch(id.ToString());

    [GeneratedRegex("""^("(?:[^"\\]|\\.)*"|-?[0-9]+)#[0-9]+$""")]
    private static partial Regex ChunkName();
}
