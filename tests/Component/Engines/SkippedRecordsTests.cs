using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RagMemory.Observability;
using RagMemory.Vectors;

namespace RagMemory.Tests.Engines;

public sealed class SkippedRecordsTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly RagMemoryMetrics _metrics;
    private readonly MeterListener _listener = new();
    private readonly List<(string Field, long Value)> _counted = [];
    private readonly RecordingLogger _logger = new();
    private readonly SkippedRecords _skipped;

    public SkippedRecordsTests()
    {
        _metrics = new RagMemoryMetrics(_services.GetRequiredService<IMeterFactory>());
        _skipped = new SkippedRecords(_metrics, _logger);
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == _metrics.Meter && instrument.Name == "ragmemory.search.skipped_records")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (_counted)
            {
                _counted.Add(((string)tags.ToArray().Single(t => t.Key == "field").Value!, value));
            }
        });
        _listener.Start();
    }

    [Fact]
    public void A_record_met_again_is_counted_again_but_logged_once_with_its_id()
    {
        var poison = RecordId.FromString("poison-1");

        _skipped.Skip(poison, "text");
        _skipped.Skip(poison, "text");
        _skipped.Skip(RecordId.FromInteger(9), "chunk_index");
        _skipped.Skip(poison, "text");

        Assert.Equal([("text", 1L), ("text", 1L), ("chunk_index", 1L), ("text", 1L)], _counted);
        Assert.Equal([8001, 8001], _logger.Entries.Select(e => e.EventId.Id));
        Assert.Contains("poison-1", _logger.Entries[0].Message, StringComparison.Ordinal);
        Assert.Contains("text", _logger.Entries[0].Message, StringComparison.Ordinal);
        Assert.Contains("9", _logger.Entries[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Past_the_bound_records_are_still_counted_but_no_longer_logged_one_by_one()
    {
        for (var i = 0; i < SkippedRecords.MaxLogged + 10; i++)
        {
            _skipped.Skip(RecordId.FromInteger(i), "text");
        }

        _skipped.Skip(RecordId.FromInteger(0), "text");

        Assert.Equal(SkippedRecords.MaxLogged + 11, _counted.Count);
        Assert.Equal(SkippedRecords.MaxLogged, _logger.Entries.Count(e => e.EventId.Id == 8001));
        Assert.Equal(8002, _logger.Entries[^1].EventId.Id);
        Assert.Equal(SkippedRecords.MaxLogged + 1, _logger.Entries.Count);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _metrics.Dispose();
        _services.Dispose();
    }

    private sealed class RecordingLogger : ILogger<SkippedRecords>
    {
        public List<(EventId EventId, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((eventId, formatter(state, exception)));
    }
}
