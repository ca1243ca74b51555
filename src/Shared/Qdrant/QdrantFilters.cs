using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Qdrant.Client.Grpc;
using RagMemory.Namespaces;
using RagMemory.Vectors;
using static Qdrant.Client.Grpc.Conditions;
using QdrantRange = Qdrant.Client.Grpc.Range;

namespace RagMemory.Qdrant;

/// <summary>
/// Translates a <see cref="PayloadFilter"/> into Qdrant conditions on <see cref="QdrantVectorPayload.Fields"/>, each
/// meaning what the embedded store's <see cref="PayloadFilter.Matches"/> means:
/// a string matches that exact string (keyword match); a number any number equal to it, however written (a range from
/// it to itself over doubles, so 2 matches 2.0); a boolean that boolean; null a field that is null or absent, but not
/// one holding an object or array (is_empty on the scalar copy, which holds null for null and nothing for absent,
/// and not listed among the structured fields). Every condition is in <c>must</c>, with the namespace's.
/// <see cref="PayloadFilter.From"/> already refuses what neither store can express (objects, arrays, odd names).
/// </summary>
public static class QdrantFilters
{
    public static Filter InNamespace(MemoryNamespace ns) => new() { Must = { MatchKeyword(QdrantVectorPayload.NamespaceField, ns.Name) } };

    public static Filter For(MemoryNamespace ns, PayloadFilter? filter)
    {
        var translated = InNamespace(ns);
        foreach (var (name, expected) in filter?.Conditions ?? new Dictionary<string, JsonNode?>())
        {
            translated.Must.Add(Condition(name, expected));
        }

        return translated;
    }

    /// <summary>A chunk filter: its metadata conditions on the chunk's copy of its event's metadata, and the window as a range on its acceptance time.</summary>
    public static Filter For(MemoryNamespace ns, ChunkFilter? filter)
    {
        var translated = For(ns, filter?.Metadata);
        if (filter?.IngestedAfterMilliseconds is not null || filter?.IngestedBeforeMilliseconds is not null)
        {
            var window = new QdrantRange();
            if (filter.IngestedAfterMilliseconds is { } after)
            {
                window.Gte = after;
            }

            if (filter.IngestedBeforeMilliseconds is { } before)
            {
                window.Lte = before;
            }

            translated.Must.Add(Range(QdrantChunkPayload.IngestedAtField, window));
        }

        return translated;
    }

    private static Condition Condition(string name, JsonNode? expected)
    {
        var key = $"{QdrantVectorPayload.Fields}.{name}";
        if (expected is null)
        {
            return Conditions.Filter(new Filter
            {
                Must = { IsEmpty(key) },
                MustNot = { MatchKeyword(QdrantVectorPayload.StructuredFields, name) },
            });
        }

        var value = (JsonValue)expected;
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                return MatchKeyword(key, value.GetValue<string>());
            case JsonValueKind.True:
                return Match(key, true);
            case JsonValueKind.False:
                return Match(key, false);
            case JsonValueKind.Number:
                var number = double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
                return Range(key, new QdrantRange { Gte = number, Lte = number });
            default:
                // PayloadFilter.From lets only strings, numbers, booleans and null through.
                throw new ArgumentException($"filter.{name} is not a scalar", nameof(expected));
        }
    }
}
