using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RagMemory.Errors;
using RagMemory.Ingestion;
using RagMemory.Namespaces;
using RagMemory.Vectors;

namespace RagMemory.Tests.Engines;

/// <summary>
/// Properties of the parsers that stand between a client and the engines, each checked on seeded random input: they
/// never throw anything but <see cref="InvalidInputException"/> (the 400), they accept exactly what their rule says,
/// written here a second time independently, and what they accept round-trips.
/// </summary>
public sealed class ParserPropertyTests
{
    private const int Cases = 2000;

    public static TheoryData<int> Seeds => [1, 22, 4242];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RecordId_accepts_non_blank_strings_of_at_most_256_characters_and_64_bit_integers_and_round_trips_them(int seed)
    {
        ForAll(seed, random =>
        {
            var node = random.Chance(0.3) ? JsonValue.Create(random.String()) : random.Json(2);
            var element = JsonSerializer.SerializeToElement(node);
            var expected = element.ValueKind switch
            {
                JsonValueKind.String => !string.IsNullOrWhiteSpace(element.GetString()) && element.GetString()!.Length <= 256,
                JsonValueKind.Number => element.TryGetInt64(out _),
                _ => false,
            };

            var id = Parse(() => RecordId.FromJson(element, "id"));

            Assert.Equal(expected, id is not null);
            if (id is { } parsed)
            {
                Assert.Equal(parsed, RecordId.FromStoredJson(parsed.Json));
                Assert.True(JsonNode.DeepEquals(JsonNode.Parse(element.GetRawText()), parsed.ToJsonNode()), $"{element.GetRawText()} came back as {parsed.Json}");
                Assert.Equal(parsed, parsed.IsInteger ? RecordId.FromInteger(long.Parse(parsed.ToString(), System.Globalization.CultureInfo.InvariantCulture)) : RecordId.FromString(parsed.ToString()));
            }
        });
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void MemoryNamespace_accepts_exactly_lower_case_names_of_1_to_64_characters_and_round_trips_them(int seed)
    {
        ForAll(seed, random =>
        {
            var name = random.Chance(0.5) ? random.String() : LowerCaseName(random);
            var expected = name.Length is >= 1 and <= 64
                && IsLowerLetterOrDigit(name[0])
                && name.All(c => IsLowerLetterOrDigit(c) || c is '_' or '-');

            var ns = Parse(() => MemoryNamespace.Parse(name));

            Assert.True(expected == ns is not null, $"'{name}' was {(ns is null ? "refused" : "accepted")}");
            if (ns is not null)
            {
                Assert.Equal(name, ns.Name);
                Assert.Equal(ns, MemoryNamespace.Parse(ns.ToString()));
            }
        });
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_metadata_filter_accepts_exactly_scalar_conditions_on_field_names_and_matches_the_payload_it_describes(int seed)
    {
        ForAll(seed, random =>
        {
            var conditions = random.Object();
            var expected = conditions.All(c => IsFieldName(c.Key) && c.Value is not (JsonObject or JsonArray));

            var filter = Parse(() => PayloadFilter.From(conditions));

            Assert.True(expected == (filter is not null || conditions.Count == 0), conditions.ToJsonString());
            if (filter is not null)
            {
                var payload = (JsonObject)conditions.DeepClone();
                payload["other_field"] = "anything";
                Assert.True(filter.Matches(payload), conditions.ToJsonString());
                Assert.True(ChunkFilter.From(conditions, null, null)!.Matches(payload, null));
            }
        });
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_jsonl_upload_is_refused_whole_for_any_bad_line_and_otherwise_gives_one_event_per_line(int seed)
    {
        ForAll(seed, random =>
        {
            var lines = Enumerable.Range(0, random.Next(6)).Select(i => Line(random, i)).ToList();
            var content = string.Join(random.Chance(0.5) ? "\n" : "\r\n", lines.Select(l => l.Text));
            var ids = lines.Where(l => l.Valid && l.Text.Trim().Length > 0).Select(l => l.Id).ToList();
            var expected = lines.All(l => l.Valid) && ids.Count > 0 && ids.Distinct().Count() == ids.Count;

            var events = Parse(() => IngestFile.Read("upload.jsonl", content, maxTextLength: 100));

            Assert.True(expected == events is not null, content);
            if (events is not null)
            {
                Assert.Equal(ids, events.Select(e => e.Id.ToString()));
                Assert.All(events, e => Assert.Equal("upload.jsonl", e.Metadata["source"]!.GetValue<string>()));
            }
        });
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Any_text_given_as_an_upload_of_any_name_is_read_or_refused_with_a_400(int seed)
    {
        ForAll(seed, random =>
        {
            var name = random.Pick(["notes.txt", "notes.md", "lines.jsonl", "x.pdf", ".jsonl", random.String()]);
            var content = random.Chance(0.5) ? random.String() : string.Join('\n', Enumerable.Range(0, 3).Select(i => random.Chance(0.3) ? random.String() : Line(random, i).Text));

            Parse(() => IngestFile.Read(name, content, maxTextLength: 50));
        });
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void A_listing_cursor_round_trips_and_anything_else_is_a_400(int seed)
    {
        ForAll(seed, random =>
        {
            var cursor = new EventCursor(DateTimeOffset.FromUnixTimeMilliseconds(random.Next(int.MaxValue) * 1000L), random.Chance(0.5) ? RecordId.FromInteger(random.Next(1000)) : RecordId.FromString(random.String().Replace('\uD800', '?').Replace('\uDC00', '?') + "x"));
            Assert.Equal(cursor, EventCursor.Decode(cursor.Encode()));

            var garbage = random.Pick([random.String(), Convert.ToBase64String(Encoding.UTF8.GetBytes(random.Json(2)?.ToJsonString() ?? "null")).TrimEnd('='), cursor.Encode()[..^1]]);
            Parse(() => EventCursor.Decode(garbage));
        });
    }

    /// <summary>One line of a .jsonl file, valid or broken in one of the ways clients break them, with the id it would get.</summary>
    private static (string Text, bool Valid, string Id) Line(RandomInput random, int index)
    {
        var number = index + 1;
        return random.Next(9) switch
        {
            0 => (string.Empty, true, string.Empty),
            1 => ("{\"text\": ", false, string.Empty),
            2 => ($"{{\"id\": \"e{index}\"}}", false, string.Empty),
            3 => ($"{{\"id\": \"e{index}\", \"text\": \"{new string('t', 101)}\"}}", false, string.Empty),
            4 => ($"{{\"id\": {{}}, \"text\": \"t\"}}", false, string.Empty),
            5 => ($"{{\"text\": \"line {index}\", \"metadata\": [1]}}", false, string.Empty),
            6 => (random.Pick(["null", "42", "\"text\"", "[1, {}]", "true"]), false, string.Empty),
            7 => ($"{{\"text\": \"line {index}\", \"metadata\": {{\"team\": \"a\"}}}}", true, $"upload.jsonl:{number}"),
            _ => random.String() + "x" is var text ? ($"{{\"id\": \"e{index}\", \"text\": {JsonSerializer.Serialize(text)}}}", text.Length <= 100, $"e{index}") : default,
        };
    }

    private static string LowerCaseName(RandomInput random) =>
        new([.. Enumerable.Range(0, random.Next(1, 70)).Select(_ => random.Pick("abcxyz019_-".ToCharArray()))]);

    private static bool IsLowerLetterOrDigit(char c) => c is >= 'a' and <= 'z' or >= '0' and <= '9';

    private static bool IsFieldName(string name) =>
        name.Length is >= 1 and <= 64
        && (char.IsAsciiLetter(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');

    /// <summary>The parser's answer, or null when it refused with <see cref="InvalidInputException"/>; any other exception fails the property.</summary>
    private static T? Parse<T>(Func<T?> parse)
        where T : class
    {
        try
        {
            return parse();
        }
        catch (InvalidInputException)
        {
            return null;
        }
    }

    private static RecordId? Parse(Func<RecordId> parse)
    {
        try
        {
            return parse();
        }
        catch (InvalidInputException)
        {
            return null;
        }
    }

    private static void ForAll(int seed, Action<RandomInput> property)
    {
        var random = new RandomInput(seed);
        for (var i = 0; i < Cases; i++)
        {
            try
            {
                property(random);
            }
            catch (Exception exception)
            {
                throw new Xunit.Sdk.XunitException($"seed {seed}, case {i}: {exception.GetType().Name}: {exception.Message}");
            }
        }
    }
}
