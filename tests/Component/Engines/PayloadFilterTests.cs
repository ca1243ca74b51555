using System.Text.Json.Nodes;
using RagMemory.Errors;
using RagMemory.Vectors;

namespace RagMemory.Tests.Engines;

public sealed class PayloadFilterTests
{
    /// <summary>A payload as the vector store reads it back: parsed from its stored JSON.</summary>
    private static readonly JsonObject Payload = (JsonObject)JsonNode.Parse("""
        {"kind": "report", "year": 2024, "score": 2.5, "public": true, "owner": null, "tags": ["a", "b"]}
        """)!;

    [Fact]
    public void From_null_or_an_empty_object_is_no_filter()
    {
        Assert.Null(PayloadFilter.From(null));
        Assert.Null(PayloadFilter.From([]));
    }

    [Theory]
    [InlineData("kind", "\"report\"")]
    [InlineData("year", "2024")]
    [InlineData("year", "2024.0")]
    [InlineData("score", "2.50")]
    [InlineData("public", "true")]
    [InlineData("owner", "null")]
    public void Matches_a_payload_whose_field_has_the_same_value(string field, string valueJson)
    {
        Assert.True(Filter(field, valueJson).Matches(Payload));
    }

    [Theory]
    [InlineData("kind", "\"Report\"")]
    [InlineData("kind", "\"report \"")]
    [InlineData("year", "\"2024\"")]
    [InlineData("year", "2025")]
    [InlineData("public", "\"true\"")]
    [InlineData("public", "false")]
    [InlineData("public", "1")]
    [InlineData("missing", "\"report\"")]
    public void Does_not_match_another_value_or_type(string field, string valueJson)
    {
        Assert.False(Filter(field, valueJson).Matches(Payload));
    }

    [Fact]
    public void Matches_a_payload_built_in_code_with_a_number_written_differently()
    {
        var payload = new JsonObject { ["year"] = 2024, ["score"] = 2.5f };

        Assert.True(Filter("year", "2024.0").Matches(payload));
        Assert.True(Filter("score", "2.5").Matches(payload));
        Assert.False(Filter("year", "2025").Matches(payload));
    }

    [Fact]
    public void Requires_every_condition_to_hold()
    {
        var both = PayloadFilter.From(new JsonObject { ["kind"] = "report", ["year"] = 2024 })!;
        var one = PayloadFilter.From(new JsonObject { ["kind"] = "report", ["year"] = 1999 })!;

        Assert.True(both.Matches(Payload));
        Assert.False(one.Matches(Payload));
    }

    [Theory]
    [InlineData("1kind")]
    [InlineData("a.b")]
    [InlineData("with space")]
    [InlineData("")]
    [InlineData("$.kind")]
    public void From_refuses_a_field_name_breaking_the_name_rule_naming_filter(string field)
    {
        var error = Assert.Throws<InvalidInputException>(() => PayloadFilter.From(new JsonObject { [field] = "x" }));

        Assert.Equal("filter", error.Field);
    }

    [Fact]
    public void From_refuses_object_and_array_values()
    {
        Assert.Equal("filter", Assert.Throws<InvalidInputException>(() => PayloadFilter.From(new JsonObject { ["tags"] = new JsonArray("a") })).Field);
        Assert.Equal("filter", Assert.Throws<InvalidInputException>(() => PayloadFilter.From(new JsonObject { ["meta"] = new JsonObject() })).Field);
    }

    [Fact]
    public void Keeps_its_own_copy_of_the_conditions()
    {
        var source = new JsonObject { ["kind"] = "report" };
        var filter = PayloadFilter.From(source)!;

        source["kind"] = "letter";

        Assert.True(filter.Matches(Payload));
    }

    private static PayloadFilter Filter(string field, string valueJson) =>
        PayloadFilter.From(new JsonObject { [field] = JsonNode.Parse(valueJson) })!;
}
