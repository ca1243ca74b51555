using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using RagMemory.Errors;

namespace RagMemory.Ingestion;

/// <summary>
/// Where a page of the newest-first listing ended: the last event's acceptance time and id. Callers see it only as an
/// opaque string, so the order key can change without breaking their loops.
/// </summary>
public sealed record EventCursor(DateTimeOffset CreatedAt, RecordId Id)
{
    public string Encode() =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new Stored(CreatedAt.ToUnixTimeMilliseconds(), Id.Json)));

    /// <summary>The cursor a page returned; <see cref="InvalidInputException"/> naming <paramref name="field"/> for anything else.</summary>
    public static EventCursor Decode(string value, string field = "cursor")
    {
        try
        {
            var stored = JsonSerializer.Deserialize<Stored>(Base64Url.DecodeFromChars(value));
            if (stored?.Id is { Length: > 0 } id)
            {
                using var _ = JsonDocument.Parse(id); // an id as stored is valid JSON
                return new EventCursor(DateTimeOffset.FromUnixTimeMilliseconds(stored.At), RecordId.FromStoredJson(id));
            }
        }
        catch (Exception exception) when (exception is FormatException or JsonException or ArgumentOutOfRangeException)
        {
            // falls through to the one message
        }

        throw new InvalidInputException(field, $"'{field}' is not a cursor returned by this listing.");
    }

    private sealed record Stored(long At, string Id);
}
