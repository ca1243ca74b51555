using System.Text.Json;

namespace RagMemory.Tests.Api;

/// <summary>Reads a <c>text/event-stream</c> body into its events (type and JSON data), as a browser's EventSource would.</summary>
public static class ServerSentEvents
{
    public static IReadOnlyList<ServerSentEvent> Parse(string body) =>
        body.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Select(Event).Where(e => e is not null).Select(e => e!).ToList();

    /// <summary>Reads the next event from a stream still being written.</summary>
    public static async Task<ServerSentEvent> ReadAsync(StreamReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var lines = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0 && lines.Count > 0)
            {
                break;
            }

            lines.Add(line);
        }

        return Event(string.Join('\n', lines)) ?? throw new InvalidOperationException("The stream ended without an event.");
    }

    private static ServerSentEvent? Event(string block)
    {
        string? type = null;
        string? data = null;
        foreach (var line in block.Split('\n'))
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line["data: ".Length..];
            }
        }

        return data is null ? null : new ServerSentEvent(type ?? "message", JsonDocument.Parse(data).RootElement.Clone());
    }
}

public sealed record ServerSentEvent(string Type, JsonElement Data);
