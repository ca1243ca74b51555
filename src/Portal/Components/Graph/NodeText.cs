using System.Text.Json;
using System.Text.Json.Nodes;
using RagMemory.Graph;

namespace RagMemory.Portal.Components.Graph;

/// <summary>How the graph page writes a node for a reader: its caption, its property values, its JSON for the clipboard.</summary>
public static class NodeText
{
    private const int MaxCaption = 28;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>What a node is called: an entity's name, an event's id, otherwise its id.</summary>
    public static string Caption(GraphNode node) =>
        node.Properties["name"] is { } name ? Of(name)
        : node.Properties["event_id"] is { } eventId ? Of(eventId)
        : $"#{node.Id}";

    /// <summary>A caption short enough to draw beside a node.</summary>
    public static string Short(string text) => text.Length <= MaxCaption ? text : string.Concat(text.AsSpan(0, MaxCaption - 1), "…");

    /// <summary>A property value: a string as it is, anything else as its JSON.</summary>
    public static string Of(JsonNode? value) =>
        value is JsonValue scalar && scalar.TryGetValue<string>(out var text) ? text : value?.ToJsonString() ?? "null";

    /// <summary>The search for an entity by its name.</summary>
    public static string SearchLink(GraphNode entity) => "/search?q=" + Uri.EscapeDataString(Caption(entity));

    /// <summary>The node as the API returns it, indented, for the clipboard.</summary>
    public static string Json(GraphNode node) => new JsonObject
    {
        ["id"] = node.Id,
        ["label"] = node.Label,
        ["properties"] = node.Properties.DeepClone(),
    }.ToJsonString(Indented);
}
