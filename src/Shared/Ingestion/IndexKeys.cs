namespace RagMemory.Ingestion;

/// <summary>
/// The id under which one version of an event's chunks, keyword rows and graph mentions are stored in the indexes.
/// Version 1 is stored under the event's own id (so nothing ingested before replacements existed moves); a later
/// version under a key of its own, so that two versions live side by side in every engine until the store makes the
/// new one visible. The key of a pending replacement is also the id of its row in the event store and on the bus, so it
/// is queued, retried and dead-lettered as any event is. See docs/decisions/0014-replace-by-version.md.
/// </summary>
public static class IndexKeys
{
    /// <summary>Starts every key of a later version; a client's id may not start with it.</summary>
    public const char Marker = '\u001F';

    public static RecordId For(RecordId eventId, int version) =>
        version <= 1 ? eventId : RecordId.FromString($"{Marker}{version}{Marker}{eventId.Json}");

    /// <summary>The event and version a key names: a plain id is version 1 of itself.</summary>
    public static (RecordId EventId, int Version) Parse(RecordId key)
    {
        if (!key.IsInteger && key.ToString() is { Length: > 2 } text && text[0] == Marker)
        {
            var end = text.IndexOf(Marker, 1);
            if (end > 1 && int.TryParse(text.AsSpan(1, end - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var version))
            {
                return (RecordId.FromStoredJson(text[(end + 1)..]), version);
            }
        }

        return (key, 1);
    }

    public static bool IsReserved(RecordId id) => !id.IsInteger && id.ToString().StartsWith(Marker);
}
