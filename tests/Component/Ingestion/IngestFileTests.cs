using RagMemory.Errors;
using RagMemory.Ingestion;

namespace RagMemory.Tests.Ingestion;

public sealed class IngestFileTests
{
    [Theory]
    [InlineData("notes.txt")]
    [InlineData("README.MD")]
    public void A_text_or_markdown_file_is_one_event_named_after_the_file(string name)
    {
        var events = IngestFile.Read(name, "# Title\nSome text.", 1000);

        var single = Assert.Single(events);
        Assert.Equal(RecordId.FromString(name), single.Id);
        Assert.Equal("# Title\nSome text.", single.Text);
        Assert.Equal(name, single.Metadata["source"]!.GetValue<string>());
    }

    [Fact]
    public void A_jsonl_file_is_one_event_per_line_with_ids_defaulting_to_the_line()
    {
        const string content = """
            {"id": 7, "text": "First.", "metadata": {"team": "a", "source": "crm"}}

            {"text": "Second."}
            """;

        var events = IngestFile.Read("batch.jsonl", content, 1000);

        Assert.Equal([RecordId.FromInteger(7), RecordId.FromString("batch.jsonl:3")], events.Select(e => e.Id));
        Assert.Equal("a", events[0].Metadata["team"]!.GetValue<string>());
        Assert.Equal("crm", events[0].Metadata["source"]!.GetValue<string>());
        Assert.Equal("batch.jsonl", events[1].Metadata["source"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("bad.pdf", "x", "not a .txt, .md or .jsonl file")]
    [InlineData("empty.txt", "  \n", "'empty.txt' is empty")]
    [InlineData("long.md", "0123456789A", "has 11 characters")]
    [InlineData("b.jsonl", "{\"text\":\"ok\"}\nnot json", "line 2 is not JSON")]
    [InlineData("b.jsonl", "[1]", "line 1 must be a JSON object")]
    [InlineData("b.jsonl", "{\"id\":\"x\"}", "line 1: 'text' must not be empty")]
    [InlineData("b.jsonl", "{\"id\":\"\",\"text\":\"a\"}", "line 1: 'id' must be")]
    [InlineData("b.jsonl", "{\"text\":\"a\",\"metadata\":[]}", "line 1: 'metadata' must be a JSON object")]
    [InlineData("b.jsonl", "{\"id\":1,\"text\":\"a\"}\n{\"id\":1,\"text\":\"b\"}", "uses the id 1 more than once")]
    [InlineData("b.jsonl", "\n\n", "has no events")]
    public void A_bad_file_is_refused_whole_with_the_line_at_fault(string name, string content, string expected)
    {
        var refused = Assert.Throws<InvalidInputException>(() => IngestFile.Read(name, content, 10));

        Assert.Equal("file", refused.Field);
        Assert.Contains(expected, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_jsonl_file_with_more_events_than_allowed_is_refused()
    {
        var content = string.Join('\n', Enumerable.Range(0, IngestFile.MaxEvents + 1).Select(i => $$"""{"text":"t{{i}}"}"""));

        var refused = Assert.Throws<InvalidInputException>(() => IngestFile.Read("many.jsonl", content, 100));

        Assert.Contains($"at most {IngestFile.MaxEvents}", refused.Message, StringComparison.Ordinal);
    }
}
