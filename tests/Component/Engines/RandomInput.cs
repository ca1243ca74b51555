using System.Text;
using System.Text.Json.Nodes;

namespace RagMemory.Tests.Engines;

/// <summary>
/// Seeded random input for the parsers' property tests: strings that favour the characters rules care about (edges of
/// the allowed sets, quotes, operators, control characters, lone surrogates), and JSON of every kind and depth. A
/// failure names its seed and case, so it runs again as it failed.
/// </summary>
public sealed class RandomInput(int seed)
{
    private static readonly string[] Pieces = ["a", "z", "A", "Z", "0", "9", "_", "-", ".", " ", "\t", "\n", "\0", "'", "\"", "\\", "/", "..", "*", "$", "{", "}", "[", "]", ":", ",", "é", "日本", "\uD800", "\uDC00", "\U0001F600", "NaN", "-1", "9223372036854775808"];
    private readonly Random _random = new(seed);

    public int Seed { get; } = seed;

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    public int Next(int min, int maxExclusive) => _random.Next(min, maxExclusive);

    public bool Chance(double probability) => _random.NextDouble() < probability;

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>Mostly short strings of telling pieces; now and then empty, whitespace, or long.</summary>
    public string String()
    {
        switch (_random.Next(10))
        {
            case 0:
                return string.Empty;
            case 1:
                return new string(Pick(['a', ' ', '-', '9']), _random.Next(50, 400));
            default:
                var text = new StringBuilder();
                for (var i = _random.Next(1, 8); i > 0; i--)
                {
                    text.Append(Pick(Pieces));
                }

                return text.ToString();
        }
    }

    /// <summary>Any JSON value, nested up to <paramref name="depth"/> levels.</summary>
    public JsonNode? Json(int depth = 4)
    {
        var kind = _random.Next(depth <= 0 ? 5 : 7);
        return kind switch
        {
            0 => null,
            1 => JsonValue.Create(Chance(0.5)),
            2 => JsonValue.Create(Pick<long>([0, 1, -1, 42, long.MaxValue, long.MinValue, _random.Next()])),
            3 => JsonValue.Create(Pick([0.5, -2.25, 1e300, -1e-300, 2.0])),
            4 => JsonValue.Create(String()),
            5 => new JsonArray([.. Enumerable.Range(0, _random.Next(4)).Select(_ => Json(depth - 1))]),
            _ => Object(depth - 1),
        };
    }

    public JsonObject Object(int depth = 3)
    {
        var json = new JsonObject();
        for (var i = _random.Next(5); i > 0; i--)
        {
            json[Chance(0.5) ? Pick(["team", "year", "_x", "a1", "source"]) : String()] = Json(depth);
        }

        return json;
    }
}
