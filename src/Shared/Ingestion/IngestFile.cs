using System.Text.Json;
using System.Text.Json.Nodes;
using RagMemory.Errors;

namespace RagMemory.Ingestion;

/// <summary>
/// An uploaded file read as ingestion events. A .txt or .md file is one event whose id is the file name; a .jsonl file
/// is one event per non-empty line, each line shaped like the body of <c>POST /ingest/</c> (<c>{id, text, metadata}</c>,
/// the id defaulting to <c>name:line</c>). A file with any bad line is refused whole, naming the line, so that
/// nothing of it is half ingested.
/// </summary>
public static class IngestFile
{
    public static readonly IReadOnlyList<string> Extensions = [".txt", ".md", ".jsonl"];

    /// <summary>The most events one .jsonl file may hold.</summary>
    public const int MaxEvents = 1000;

    public static IReadOnlyList<IngestEvent> Read(string fileName, string content, int maxTextLength)
    {
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (!Extensions.Contains(extension))
        {
            throw new InvalidInputException("file", $"'{fileName}' is not a .txt, .md or .jsonl file.");
        }

        if (extension != ".jsonl")
        {
            if (string.IsNullOrWhiteSpace(content))
            {
                throw new InvalidInputException("file", $"'{fileName}' is empty.");
            }

            if (content.Length > maxTextLength)
            {
                throw new InvalidInputException("file", $"'{fileName}' has {content.Length} characters; one text may have at most {maxTextLength}.");
            }

            return [new IngestEvent(RecordId.FromString(fileName), content, Source(fileName))];
        }

        var events = new List<IngestEvent>();
        var lines = content.Split('\n');
        for (var number = 1; number <= lines.Length; number++)
        {
            var line = lines[number - 1].Trim();
            if (line.Length > 0)
            {
                events.Add(ReadLine(fileName, number, line, maxTextLength));
            }
        }

        if (events.Count == 0)
        {
            throw new InvalidInputException("file", $"'{fileName}' has no events.");
        }

        if (events.Count > MaxEvents)
        {
            throw new InvalidInputException("file", $"'{fileName}' has {events.Count} events; one file may hold at most {MaxEvents}.");
        }

        var repeated = events.GroupBy(e => e.Id).FirstOrDefault(g => g.Count() > 1);
        return repeated is null
            ? events
            : throw new InvalidInputException("file", $"'{fileName}' uses the id {repeated.Key} more than once.");
    }

    private static IngestEvent ReadLine(string fileName, int number, string line, int maxTextLength)
    {
        JsonElement element;
        try
        {
            element = JsonSerializer.Deserialize<JsonElement>(line);
        }
        catch (Exception exception) when (exception is JsonException or ArgumentException)
        {
            // ArgumentException: a line holding a lone surrogate is no Unicode text, so it cannot be JSON either.
            throw new InvalidInputException("file", $"'{fileName}' line {number} is not JSON.");
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidInputException("file", $"'{fileName}' line {number} must be a JSON object with 'text'.");
        }

        try
        {
            var id = element.TryGetProperty("id", out var idElement)
                ? RecordId.FromJson(idElement, "id")
                : RecordId.FromString($"{fileName}:{number}");
            var text = element.TryGetProperty("text", out var textElement) && textElement.ValueKind == JsonValueKind.String ? textElement.GetString() : null;
            Guard.Text(text, maxTextLength);
            var metadata = Source(fileName);
            if (element.TryGetProperty("metadata", out var metadataElement))
            {
                if (metadataElement.ValueKind != JsonValueKind.Object)
                {
                    throw new InvalidInputException("metadata", "'metadata' must be a JSON object.");
                }

                foreach (var (name, value) in JsonObject.Create(metadataElement)!)
                {
                    metadata[name] = value?.DeepClone();
                }
            }

            return new IngestEvent(id, text!, metadata);
        }
        catch (InvalidInputException invalid)
        {
            throw new InvalidInputException("file", $"'{fileName}' line {number}: {invalid.Message}");
        }
    }

    /// <summary>Every event of a file says where it came from; a line's own metadata may override it.</summary>
    private static JsonObject Source(string fileName) => new() { ["source"] = fileName };
}
