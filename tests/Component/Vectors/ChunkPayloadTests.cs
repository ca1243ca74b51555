using System.Text.Json.Nodes;
using RagMemory.Vectors;

namespace RagMemory.Tests.Vectors;

public sealed class ChunkPayloadTests
{
    /// <summary>A payload as the vector store reads it back: parsed from its stored JSON.</summary>
    private static JsonObject Stored(string json) => (JsonObject)JsonNode.Parse(json)!;

    [Theory]
    [InlineData("doc-1", false)]
    [InlineData("1", false)]
    [InlineData("Zoë", false)]
    [InlineData("42", true)]
    public void An_ingested_chunks_payload_reads_back_as_written_after_a_trip_through_storage(string id, bool integer)
    {
        var eventId = integer ? RecordId.FromInteger(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture)) : RecordId.FromString(id);
        var written = new ChunkPayload("Ada Lovelace wrote the first program.", eventId, 3, new JsonObject { ["team"] = "history", ["year"] = 1843 });

        Assert.True(ChunkPayload.TryRead(Stored(written.ToJson().ToJsonString()), out var read, out var invalidField));

        Assert.Null(invalidField);
        Assert.Equal(written.Text, read.Text);
        Assert.Equal(eventId, read.EventId);
        Assert.Equal(3, read.ChunkIndex);
        Assert.True(JsonNode.DeepEquals(written.Metadata, read.Metadata));
    }

    [Fact]
    public void A_payload_built_in_memory_reads_like_a_stored_one()
    {
        Assert.True(ChunkPayload.TryRead(new ChunkPayload("text", RecordId.FromInteger(7), 2, []).ToJson(), out var read, out _));

        Assert.Equal(RecordId.FromInteger(7), read.EventId);
        Assert.Equal(2, read.ChunkIndex);
    }

    [Fact]
    public void A_chunk_like_vector_without_text_index_or_metadata_reads_as_empty_first_and_without_metadata()
    {
        Assert.True(ChunkPayload.TryRead(Stored("""{"event_id": "e1"}"""), out var read, out _));

        Assert.Equal(new ChunkPayload(string.Empty, RecordId.FromString("e1"), 0, null), read);
    }

    [Theory]
    [InlineData("""{"event_id": "poison", "text": 42}""", "text")]
    [InlineData("""{"event_id": "e1", "text": ["a"]}""", "text")]
    [InlineData("""{"event_id": "e1", "text": "t", "chunk_index": "3"}""", "chunk_index")]
    [InlineData("""{"event_id": "e1", "text": "t", "chunk_index": 1.5}""", "chunk_index")]
    [InlineData("""{"event_id": "e1", "text": "t", "chunk_index": -1}""", "chunk_index")]
    [InlineData("""{"event_id": "e1", "text": "t", "chunk_index": 99999999999}""", "chunk_index")]
    [InlineData("""{"event_id": null, "text": "t"}""", "event_id")]
    [InlineData("""{"event_id": 1.5, "text": "t"}""", "event_id")]
    [InlineData("""{"event_id": true, "text": "t"}""", "event_id")]
    [InlineData("""{"event_id": {"id": 1}, "text": "t"}""", "event_id")]
    [InlineData("""{"event_id": "e1", "text": "t", "metadata": "team"}""", "metadata")]
    [InlineData("""{"event_id": "e1", "text": "t", "metadata": [1]}""", "metadata")]
    public void A_field_of_the_wrong_type_makes_the_payload_unreadable_naming_the_field(string json, string field)
    {
        Assert.False(ChunkPayload.TryRead(Stored(json), out var read, out var invalidField));

        Assert.Null(read);
        Assert.Equal(field, invalidField);
    }
}
