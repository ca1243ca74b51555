using System.Globalization;
using System.Text;

namespace RagMemory.Evaluation;

/// <summary>
/// Reads a collection in the SMART format (Cranfield, MED, CISI): records start with <c>.I id</c>, fields with
/// <c>.T</c> (title), <c>.W</c> (text) and others that are skipped (<c>.A</c>, <c>.B</c>, ...). Queries are numbered
/// 1..n in file order, which is how the qrels of these collections count them (Cranfield's <c>.I</c> numbers are not).
/// Judgement lines are <c>query document grade</c>, <c>query 0 document grade</c> (TREC) or <c>query document</c>.
/// </summary>
public static class SmartCollectionReader
{
    /// <summary>Reads a folder holding a documents file (name with "all"), a queries file ("qry") and a qrels file ("rel").</summary>
    public static EvaluationCollection ReadFolder(string folder, GradeScale scale)
    {
        var files = Directory.GetFiles(folder).Where(f => !Path.GetFileName(f).Contains("readme", StringComparison.OrdinalIgnoreCase)).ToList();
        string Find(string part) =>
            files.FirstOrDefault(f => Path.GetFileName(f).Contains(part, StringComparison.OrdinalIgnoreCase))
            ?? throw new FileNotFoundException($"No file with '{part}' in its name in {folder} (SMART format: documents *.all*, queries *.qry, judgements *rel*).");
        var qrels = Find("rel");
        var queries = Find("qry");
        var documents = files.FirstOrDefault(f => f != qrels && f != queries && Path.GetFileName(f).Contains("all", StringComparison.OrdinalIgnoreCase))
            ?? throw new FileNotFoundException($"No documents file (*.all*) in {folder}.");
        using var documentReader = File.OpenText(documents);
        using var queryReader = File.OpenText(queries);
        using var qrelReader = File.OpenText(qrels);
        return Read(Path.GetFileName(Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar)), documentReader, queryReader, qrelReader, scale);
    }

    public static EvaluationCollection Read(string name, TextReader documents, TextReader queries, TextReader qrels, GradeScale scale)
    {
        ArgumentNullException.ThrowIfNull(documents);
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(qrels);
        var documentList = ReadRecords(documents)
            .Select(r => new EvaluationDocument(r.Id, r.Fields.GetValueOrDefault('T', string.Empty), r.Fields.GetValueOrDefault('W', string.Empty)))
            .ToList();
        var queryList = ReadRecords(queries)
            .Select((r, i) => new EvaluationQuery((i + 1).ToString(CultureInfo.InvariantCulture), r.Fields.GetValueOrDefault('W', string.Empty)))
            .ToList();
        return new EvaluationCollection(name, documentList, queryList, EvaluationCollection.GroupGains(ReadJudgements(qrels, scale)));
    }

    private static IEnumerable<(string QueryId, string DocumentId, int Gain)> ReadJudgements(TextReader qrels, GradeScale scale)
    {
        while (qrels.ReadLine() is { } line)
        {
            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var (query, document, grade) = parts.Length switch
            {
                2 => (parts[0], parts[1], "1"),
                3 => (parts[0], parts[1], parts[2]),
                >= 4 => (parts[0], parts[2], parts[3]),
                _ => (null, null, null),
            };
            if (query is not null && double.TryParse(grade, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                yield return (query, document!, scale.ToGain((int)Math.Round(value)));
            }
        }
    }

    private static IEnumerable<SmartRecord> ReadRecords(TextReader reader)
    {
        SmartRecord? record = null;
        char field = '\0';
        var text = new StringBuilder();

        void EndField()
        {
            if (record is not null && field != '\0')
            {
                record.Fields[field] = text.ToString().Trim();
            }

            text.Clear();
        }

        while (reader.ReadLine() is { } line)
        {
            if (line.Length >= 2 && line[0] == '.' && char.IsAsciiLetterUpper(line[1]) && (line.Length == 2 || line[2] == ' '))
            {
                EndField();
                if (line[1] == 'I')
                {
                    if (record is not null)
                    {
                        yield return record;
                    }

                    record = new SmartRecord(line[2..].Trim());
                    field = '\0';
                }
                else
                {
                    field = line[1];
                }

                continue;
            }

            if (field != '\0')
            {
                text.AppendLine(line);
            }
        }

        EndField();
        if (record is not null)
        {
            yield return record;
        }
    }

    private sealed record SmartRecord(string Id)
    {
        public Dictionary<char, string> Fields { get; } = [];
    }
}
