using Lucene.Net.Analysis.En;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.QueryParsers.Classic;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using RagMemory.Evaluation;

namespace RagMemory.Load.Retrieval;

/// <summary>
/// The reference: Lucene.Net's BM25 (k1 = 1.2, b = 0.75) with its EnglishAnalyzer (stop words, possessives, Porter
/// stemming), one field holding the same text that RagMemory ingests, queried with the classic parser as an OR of terms.
/// </summary>
public sealed class LuceneBm25 : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private readonly RAMDirectory _directory = new();
    private readonly EnglishAnalyzer _analyzer = new(Version);
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly QueryParser _parser;

    public LuceneBm25(IReadOnlyList<EvaluationDocument> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var config = new IndexWriterConfig(Version, _analyzer) { Similarity = new BM25Similarity() };
        using (var writer = new IndexWriter(_directory, config))
        {
            foreach (var document in documents)
            {
                writer.AddDocument(new Document
                {
                    new StringField("id", document.Id, Field.Store.YES),
                    new TextField("text", document.Text, Field.Store.NO),
                });
            }

            writer.Commit();
        }

        _reader = DirectoryReader.Open(_directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
        _parser = new QueryParser(Version, "text", _analyzer) { DefaultOperator = Operator.OR };
    }

    public IReadOnlyList<string> Search(string query, int limit)
    {
        var parsed = _parser.Parse(QueryParserBase.Escape(query));
        return _searcher.Search(parsed, limit).ScoreDocs.Select(hit => _searcher.Doc(hit.Doc).Get("id")).ToList();
    }

    public void Dispose()
    {
        _reader.Dispose();
        _analyzer.Dispose();
        _directory.Dispose();
    }
}
