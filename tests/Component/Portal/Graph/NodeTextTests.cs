using System.Text.Json;
using System.Text.Json.Nodes;
using RagMemory.Graph;
using RagMemory.Portal.Components.Graph;

namespace RagMemory.Tests.Portal.Graph;

public sealed class NodeTextTests
{
    [Fact]
    public void A_node_is_called_by_its_name_else_its_event_id_else_its_id()
    {
        Assert.Equal("Ada Lovelace", NodeText.Caption(new GraphNode("1", "Entity", new JsonObject { ["name"] = "Ada Lovelace", ["event_id"] = "e" })));
        Assert.Equal("42", NodeText.Caption(new GraphNode("2", "Event", new JsonObject { ["event_id"] = 42 })));
        Assert.Equal("#4:abc", NodeText.Caption(new GraphNode("4:abc", "Thing", [])));
    }

    [Fact]
    public void Strings_are_shown_as_they_are_and_other_values_as_json()
    {
        Assert.Equal("Ada", NodeText.Of(JsonValue.Create("Ada")));
        Assert.Equal("1815", NodeText.Of(JsonValue.Create(1815)));
        Assert.Equal("[\"maths\"]", NodeText.Of(new JsonArray("maths")));
        Assert.Equal("null", NodeText.Of(null));
    }

    [Fact]
    public void A_long_caption_is_cut_to_28_characters_with_an_ellipsis()
    {
        Assert.Equal("short", NodeText.Short("short"));
        var cut = NodeText.Short(new string('a', 40));
        Assert.Equal(28, cut.Length);
        Assert.EndsWith("…", cut, StringComparison.Ordinal);
    }

    [Fact]
    public void The_search_link_escapes_the_name() =>
        Assert.Equal("/search?q=Ada%20%26%20Charles", NodeText.SearchLink(new GraphNode("1", "Entity", new JsonObject { ["name"] = "Ada & Charles" })));

    [Fact]
    public void The_copied_json_holds_the_string_id_label_and_properties_as_the_api_returns_them()
    {
        var json = JsonDocument.Parse(NodeText.Json(new GraphNode("42", "Person", new JsonObject { ["born"] = 1815 }))).RootElement;

        Assert.Equal("42", json.GetProperty("id").GetString());
        Assert.Equal("Person", json.GetProperty("label").GetString());
        Assert.Equal(1815, json.GetProperty("properties").GetProperty("born").GetInt32());
    }
}
