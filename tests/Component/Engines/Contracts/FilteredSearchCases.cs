using System.Text.Json.Nodes;
using RagMemory.Vectors;

namespace RagMemory.Tests.Engines.Contracts;

/// <summary>
/// The events every chunk-level contract indexes to test filtered search, and the filters with the events each must
/// let through: <see cref="PayloadFilter"/>'s rules (types exact, 2 equal to 2.0, null also for an absent field) and
/// the acceptance window, both ends inclusive. Each event is accepted one hour after the one before it.
/// </summary>
public static class FilteredSearchCases
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static readonly IReadOnlyList<(string Id, string Metadata)> Events =
    [
        ("ledger", """{"source":"ledger","rank":1}"""),
        ("clinic", """{"source":"clinic","rank":2}"""),
        ("real-two", """{"source":"clinic","rank":2.0}"""),
        ("text-two", """{"source":"clinic","rank":"2"}"""),
        ("archived", """{"archived":true,"note":null}"""),
        ("text-true", """{"archived":"true","note":"kept"}"""),
    ];

    public static TheoryData<string?, int?, int?, string> Filters => new()
    {
        { """{"source":"ledger"}""", null, null, "ledger" },
        { """{"rank":2}""", null, null, "clinic,real-two" },
        { """{"rank":2.0}""", null, null, "clinic,real-two" },
        { """{"rank":"2"}""", null, null, "text-two" },
        { """{"archived":true}""", null, null, "archived" },
        { """{"archived":"true"}""", null, null, "text-true" },
        { """{"note":null}""", null, null, "archived,clinic,ledger,real-two,text-two" },
        { """{"source":"clinic","rank":2}""", null, null, "clinic,real-two" },
        { null, 1, 3, "clinic,real-two,text-two" },
        { null, 4, null, "archived,text-true" },
        { null, null, 0, "ledger" },
        { """{"source":"clinic"}""", 2, 5, "real-two,text-two" },
        { """{"source":"nowhere"}""", null, null, "" },
        { """{"archived":false}""", null, null, "" },
        { """{"rank":1.5}""", null, null, "" },
        { """{"source":"ledger"}""", 1, null, "" },
    };

    public static JsonObject MetadataOf(int eventIndex) => (JsonObject)JsonNode.Parse(Events[eventIndex].Metadata)!;

    public static DateTimeOffset AcceptedAt(int eventIndex) => Start.AddHours(eventIndex);

    public static ChunkFilter Filter(string? metadata, int? afterHour, int? beforeHour) =>
        ChunkFilter.From(metadata is null ? null : (JsonObject)JsonNode.Parse(metadata)!, afterHour is { } a ? Start.AddHours(a) : null, beforeHour is { } b ? Start.AddHours(b) : null)!;

    public static string Ids(IEnumerable<RecordId> eventIds) => string.Join(',', eventIds.Select(e => e.ToString()).Distinct().Order(StringComparer.Ordinal));
}
