namespace RagMemory.Vectors;

/// <summary>Names the chunks of an event. The event id is kept in its JSON form so that event 1 and event "1" never share chunks.</summary>
public static class ChunkIds
{
    public static string For(RecordId eventId, int chunkIndex) => $"{eventId.Json}#{chunkIndex}";
}
