using System.Globalization;
using System.Text.Json;

namespace RagMemory.Evaluation;

/// <summary>
/// Reads a collection in the BEIR format: <c>corpus.jsonl</c> (<c>_id</c>, <c>title</c>, <c>text</c>),
/// <c>queries.jsonl</c> (<c>_id</c>, <c>text</c>) and a qrels TSV (<c>query-id</c>, <c>corpus-id</c>, <c>score</c>, with a header).
/// </summary>
public static class BeirCollectionReader
{
    /// <summary>Reads a BEIR folder; the qrels are <c>qrels/test.tsv</c> unless another file is named.</summary>
    public static EvaluationCollection ReadFolder(string folder, string? qrelsPath = null)
    {
        var qrels = qrelsPath ?? Path.Combine(folder, "qrels", "test.tsv");
        using var corpus = File.OpenText(Path.Combine(folder, "corpus.jsonl"));
        using var queries = File.OpenText(Path.Combine(folder, "queries.jsonl"));
        using var judgements = File.OpenText(qrels);
        return Read(Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar)), corpus, queries, judgements);
    }

    public static EvaluationCollection Read(string name, TextReader corpus, TextReader queries, TextReader qrels)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(qrels);
        var documents = ReadJsonLines(corpus)
            .Select(o => new EvaluationDocument(Id(o), StringOf(o, "title"), StringOf(o, "text")))
            .ToList();
        var queryList = ReadJsonLines(queries).Select(o => new EvaluationQuery(Id(o), StringOf(o, "text"))).ToList();
        return new EvaluationCollection(name, documents, queryList, EvaluationCollection.GroupGains(ReadJudgements(qrels)));
    }

    private static IEnumerable<(string QueryId, string DocumentId, int Gain)> ReadJudgements(TextReader qrels)
    {
        while (qrels.ReadLine() is { } line)
        {
            var parts = line.Split('\t', StringSplitOptions.TrimEntries);
            if (parts.Length >= 3 && int.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var score))
            {
                yield return (parts[0], parts[1], GradeScale.Gain.ToGain(score));
            }
        }
    }

    private static IEnumerable<JsonElement> ReadJsonLines(TextReader reader)
    {
        while (reader.ReadLine() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                using var document = JsonDocument.Parse(line);
                yield return document.RootElement.Clone();
            }
        }
    }

    private static string Id(JsonElement element) =>
        element.GetProperty("_id") is { ValueKind: JsonValueKind.Number } number ? number.GetRawText() : element.GetProperty("_id").GetString() ?? string.Empty;

    private static string StringOf(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : string.Empty;
}
