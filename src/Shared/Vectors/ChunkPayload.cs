using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RagMemory.Vectors;

/// <summary>
/// A chunk's fields as a payload: text, event, place in the event, the event's metadata and (for filtered search) when
/// the event was accepted, in Unix milliseconds. The embedded chunk store keeps them so, and <c>/memory/search</c> shows
/// a chunk so, without the acceptance time it never showed. Only ingestion writes that collection, but rows migrated from the days when clients shared it (or
/// written by hand) are read back here, in one place, and one that is not a chunk's is refused with the field at fault
/// instead of throwing in the middle of a search.
/// </summary>
public sealed record ChunkPayload(string Text, RecordId EventId, int ChunkIndex, JsonObject? Metadata, DateTimeOffset? IngestedAt = null)
{
    public const string TextField = "text";
    public const string EventIdField = "event_id";
    public const string ChunkIndexField = "chunk_index";
    public const string MetadataField = "metadata";
    public const string IngestedAtField = "ingested_at";

    /// <summary>
    /// Reads a stored payload. A field of the wrong type makes the record unreadable (<paramref name="invalidField"/>
    /// names it); an absent text, index or metadata reads as empty, 0 and none, as search has always read them.
    /// </summary>
    public static bool TryRead(JsonObject payload, [NotNullWhen(true)] out ChunkPayload? chunk, [NotNullWhen(false)] out string? invalidField)
    {
        ArgumentNullException.ThrowIfNull(payload);
        chunk = null;
        if (!TryReadEventId(payload[EventIdField], out var eventId))
        {
            invalidField = EventIdField;
            return false;
        }

        if (!TryReadText(payload[TextField], out var text))
        {
            invalidField = TextField;
            return false;
        }

        if (!TryReadIndex(payload[ChunkIndexField], out var index))
        {
            invalidField = ChunkIndexField;
            return false;
        }

        if (payload[MetadataField] is not (null or JsonObject))
        {
            invalidField = MetadataField;
            return false;
        }

        if (!TryReadTime(payload[IngestedAtField], out var ingestedAt))
        {
            invalidField = IngestedAtField;
            return false;
        }

        chunk = new ChunkPayload(text, eventId, index, payload[MetadataField] as JsonObject, ingestedAt);
        invalidField = null;
        return true;
    }

    public JsonObject ToJson()
    {
        var payload = new JsonObject
        {
            [TextField] = Text,
            [EventIdField] = EventId.ToJsonNode(),
            [ChunkIndexField] = ChunkIndex,
        };
        if (Metadata is not null)
        {
            payload[MetadataField] = Metadata.DeepClone();
        }

        if (IngestedAt is { } ingestedAt)
        {
            payload[IngestedAtField] = ingestedAt.ToUnixTimeMilliseconds();
        }

        return payload;
    }

    /// <summary>An event id is a string or an integer (<see cref="RecordId"/>); 1.5, true or an object are not.</summary>
    private static bool TryReadEventId(JsonNode? node, out RecordId eventId)
    {
        eventId = default;
        if (node is not JsonValue value)
        {
            return false;
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.String when value.TryGetValue<string>(out var text):
                eventId = RecordId.FromString(text);
                return true;
            case JsonValueKind.Number when long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number):
                eventId = RecordId.FromInteger(number);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Unix milliseconds; absent in a chunk written before acceptance times were kept (and not backfilled).</summary>
    private static bool TryReadTime(JsonNode? node, out DateTimeOffset? time)
    {
        time = null;
        if (node is null)
        {
            return true;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
            && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var milliseconds)
            && milliseconds >= DateTimeOffset.MinValue.ToUnixTimeMilliseconds() && milliseconds <= DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            time = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
            return true;
        }

        return false;
    }

    private static bool TryReadText(JsonNode? node, out string text)
    {
        text = string.Empty;
        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String && value.TryGetValue<string>(out var read))
        {
            text = read;
            return true;
        }

        return node is null;
    }

    /// <summary>
    /// The number's JSON text is parsed rather than asking the node for an int: a payload built in memory holds a
    /// .NET number, one read from storage a JSON element, and both print the same; 1.5, -1 and 1e3 are not indexes.
    /// </summary>
    private static bool TryReadIndex(JsonNode? node, out int index)
    {
        index = 0;
        return node is null
            || (node is JsonValue value && value.GetValueKind() == JsonValueKind.Number
                && int.TryParse(value.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out index));
    }
}
