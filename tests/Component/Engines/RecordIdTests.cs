using System.Text.Json;
using System.Text.Json.Nodes;
using RagMemory.Errors;

namespace RagMemory.Tests.Engines;

public sealed class RecordIdTests
{
    [Fact]
    public void FromString_stores_the_value_as_a_json_string()
    {
        var id = RecordId.FromString("doc-1");

        Assert.Equal("\"doc-1\"", id.Json);
        Assert.False(id.IsInteger);
        Assert.Equal("doc-1", id.ToString());
    }

    [Fact]
    public void FromInteger_stores_the_value_as_a_json_number()
    {
        var id = RecordId.FromInteger(-42);

        Assert.Equal("-42", id.Json);
        Assert.True(id.IsInteger);
        Assert.Equal("-42", id.ToString());
    }

    [Fact]
    public void A_string_id_never_equals_the_integer_id_with_the_same_digits()
    {
        Assert.NotEqual(RecordId.FromString("1"), RecordId.FromInteger(1));
    }

    [Fact]
    public void Ids_built_the_same_way_are_equal()
    {
        Assert.Equal(RecordId.FromString("a"), RecordId.FromString("a"));
        Assert.Equal(RecordId.FromInteger(9), RecordId.FromInteger(9));
    }

    [Theory]
    [InlineData("with \"quotes\" and \\ backslash")]
    [InlineData("café ünïcode ✓")]
    [InlineData("<script>&'")]
    [InlineData("line\nbreak")]
    public void A_string_id_round_trips_through_its_stored_json(string value)
    {
        var id = RecordId.FromString(value);

        var restored = RecordId.FromStoredJson(id.Json);

        Assert.Equal(id, restored);
        Assert.Equal(value, restored.ToString());
        Assert.Equal(value, id.ToJsonNode().GetValue<string>());
    }

    [Fact]
    public void ToJsonNode_of_an_integer_id_is_a_json_number()
    {
        Assert.Equal(JsonValueKind.Number, RecordId.FromInteger(long.MaxValue).ToJsonNode().GetValueKind());
        Assert.Equal(long.MaxValue, RecordId.FromInteger(long.MaxValue).ToJsonNode().GetValue<long>());
    }

    [Fact]
    public void A_node_of_an_id_written_into_a_payload_reads_back_as_the_same_id()
    {
        var id = RecordId.FromString("café <1>");
        var payload = new JsonObject { ["event_id"] = id.ToJsonNode() };

        var reparsed = JsonNode.Parse(payload.ToJsonString())!["event_id"]!;

        Assert.Equal(id, RecordId.FromStoredJson(reparsed.ToJsonString()));
    }

    [Theory]
    [InlineData("\"doc-1\"", "\"doc-1\"")]
    [InlineData("42", "42")]
    [InlineData("-7", "-7")]
    [InlineData("9223372036854775807", "9223372036854775807")]
    public void FromJson_accepts_strings_and_integers(string json, string expected)
    {
        Assert.Equal(expected, RecordId.FromJson(Parse(json), "id").Json);
    }

    [Fact]
    public void FromJson_accepts_a_string_of_256_characters()
    {
        var value = new string('x', 256);

        Assert.Equal(value, RecordId.FromJson(Parse(JsonSerializer.Serialize(value)), "id").ToString());
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"   \"")]
    [InlineData("1.5")]
    [InlineData("1e3")]
    [InlineData("9223372036854775808")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("{}")]
    [InlineData("[1]")]
    public void FromJson_refuses_anything_but_a_non_blank_string_or_an_integer_naming_the_field(string json)
    {
        var error = Assert.Throws<InvalidInputException>(() => RecordId.FromJson(Parse(json), "vectors[0].id"));

        Assert.Equal("vectors[0].id", error.Field);
    }

    [Fact]
    public void FromJson_refuses_a_string_longer_than_256_characters()
    {
        var json = JsonSerializer.Serialize(new string('x', 257));

        Assert.Equal("id", Assert.Throws<InvalidInputException>(() => RecordId.FromJson(Parse(json), "id")).Field);
    }

    private static JsonElement Parse(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
