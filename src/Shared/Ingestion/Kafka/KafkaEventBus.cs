using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RagMemory.Engines;

namespace RagMemory.Ingestion.Kafka;

/// <summary>
/// The event bus on Kafka. Publishing produces to the topic with acks=all and the idempotent producer, keyed by event
/// id, and returns only once the brokers have the message. Receiving reads the topic and the retry topic as one member
/// of the consumer group (cooperative-sticky), hands out what is due oldest first, and commits a partition's offset
/// only past messages that are acknowledged, moved to the retry topic, or moved to the dead-letter topic. A retry is
/// a copy on the retry topic with its due time in a header, so a failing event never holds its partition and a
/// waiting retry survives a restart; a retry partition whose next message is not due is paused until it is.
/// </summary>
/// <remarks>
/// The consumer is not thread-safe; every use of it goes through one gate. Rebalances run inside a receive: revoked
/// partitions commit what is settled and are forgotten, so their held deliveries go to the new owner uncommitted.
/// </remarks>
public sealed partial class KafkaEventBus : IEventBus, IReportsBacklog, IDescribesEngine, IDisposable
{
    /// <summary>How long a receive waits for the group to assign partitions and for them to answer before it says "nothing yet".</summary>
    private static readonly TimeSpan FirstAssignmentWait = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan AdminTimeout = TimeSpan.FromSeconds(5);

    private readonly KafkaOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<KafkaEventBus> _logger;
    private readonly Lazy<IProducer<string, string>> _producer;
    private readonly Lazy<IAdminClient> _admin;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _topicsGate = new(1, 1);
    private readonly Dictionary<TopicPartition, PartitionLedger> _ledgers = [];
    private readonly HashSet<TopicPartition> _paused = [];
    private readonly HashSet<TopicPartition> _atEnd = [];
    private readonly Dictionary<TopicPartition, long> _lastRead = [];
    private readonly Dictionary<TopicPartition, long> _produced = [];
    private readonly WorkSignal _signal = new();
    private IConsumer<string, string>? _consumer;
    private bool _topicsReady;
    private volatile bool _brokersDown;
    private bool _disposed;

    public KafkaEventBus(IOptions<KafkaOptions> options, TimeProvider time, ILogger<KafkaEventBus> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _topicsReady = !_options.CreateTopics;
        _producer = new(() => new ProducerBuilder<string, string>(new ProducerConfig(_options.ClientConfig())
        {
            Acks = Acks.All,
            EnableIdempotence = true,
            MessageTimeoutMs = (int)_options.MessageTimeout.TotalMilliseconds,
            LingerMs = 5,
        }).SetLogHandler(LogClient).SetErrorHandler((_, error) => OnError(error)).Build());
        _admin = new(() => new AdminClientBuilder(new AdminClientConfig(_options.ClientConfig())).SetLogHandler(LogClient).Build());
    }

    public async Task PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken = default)
    {
        await EnsureTopicsAsync(cancellationToken).ConfigureAwait(false);
        var delivered = await _producer.Value.ProduceAsync(_options.Topic, KafkaMessages.ToMessage(envelope, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        Produced(delivered.TopicPartitionOffset);
        _signal.Set();
    }

    public async Task<IReadOnlyList<EventDelivery>> ReceiveAsync(int max, CancellationToken cancellationToken = default)
    {
        await EnsureTopicsAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Consume blocks; off the caller's thread so that a receive never holds up a request thread.
            return await Task.Run(() => Receive(max, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task AcknowledgeAsync(IReadOnlyList<EventDelivery> deliveries, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var delivery in deliveries)
            {
                Settle(delivery);
            }

            Commit();
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task RetryLaterAsync(EventDelivery delivery, DateTimeOffset dueAt, CancellationToken cancellationToken = default) =>
        MoveAsync(delivery, _options.RetryTopicName, m => KafkaMessages.ToRetry(m, dueAt, _time.GetUtcNow()), cancellationToken);

    public Task DeadLetterAsync(EventDelivery delivery, string error, CancellationToken cancellationToken = default) =>
        MoveAsync(delivery, _options.DeadLetterTopicName, m => KafkaMessages.ToDeadLetter(m, error, _time.GetUtcNow()), cancellationToken);

    /// <summary>
    /// Hands back what this consumer holds unsettled, due again at the next receive (the worker gave up on settling it:
    /// a failed acknowledgement, say). Its offsets stay uncommitted, so a stop before it settles delivers it again to
    /// whoever takes the partition; what a stopped member held comes back that way without this.
    /// </summary>
    public async Task<int> RecoverUnacknowledgedAsync(CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var released = _ledgers.Values.Sum(l => l.Release());
            if (released > 0)
            {
                _signal.Set();
            }

            return released;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Wakes on a publication by this process; events published elsewhere are found by the worker's next receive.</summary>
    public Task WaitForWorkAsync(TimeSpan maxWait, CancellationToken cancellationToken = default) =>
        _signal.WaitAsync(maxWait, _time, cancellationToken);

    /// <summary>
    /// Leaves the consumer group: what is settled is committed, what is held goes to the other members uncommitted,
    /// as when the process stops. The next receive joins the group again.
    /// </summary>
    public void StopConsuming()
    {
        _gate.Wait();
        try
        {
            CloseConsumer();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<BusBacklog> ReadBacklogAsync(CancellationToken cancellationToken = default)
    {
        var partitions = await Task.Run(() => PartitionsOf([_options.Topic, _options.RetryTopicName]), cancellationToken).ConfigureAwait(false);
        var committed = await CommittedAsync(partitions).ConfigureAwait(false);
        var start = await OffsetsAsync(partitions, OffsetSpec.Earliest()).ConfigureAwait(false);
        var end = await OffsetsAsync(partitions, OffsetSpec.Latest()).ConfigureAwait(false);
        var backlog = partitions
            .Select(p => new PartitionBacklog(p.Topic, p.Partition.Value, start[p], end[p], committed.GetValueOrDefault(p)))
            .ToList();
        var (members, unavailable) = await MembersAsync().ConfigureAwait(false);
        return new BusBacklog(backlog, members, unavailable);
    }

    public async Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default)
    {
        var backlog = await ReadBacklogAsync(cancellationToken).ConfigureAwait(false);
        return new EngineDescription(
            "Apache Kafka",
            $"librdkafka {Library.VersionString}",
            _options.BootstrapServers,
            [
                new EngineSize("partitions", backlog.Partitions.Count, EngineSize.Records),
                new EngineSize("messages waiting", backlog.TotalLag, EngineSize.Records),
            ]);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        StopConsuming();
        if (_producer.IsValueCreated)
        {
            // Deliveries still in flight belong to events the store has: reconciliation publishes what is lost here.
            _producer.Value.Flush(_options.MessageTimeout);
            _producer.Value.Dispose();
        }

        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }

        _gate.Dispose();
        _topicsGate.Dispose();
    }

    private List<EventDelivery> Receive(int max, CancellationToken cancellationToken)
    {
        var consumer = _consumer ??= OpenConsumer();
        var elapsed = Stopwatch.StartNew();
        var joining = true;
        while (CountDue() < max && !(Assigned && CaughtUp()))
        {
            // Joining the group and finding each partition's position take several round trips; only then the usual
            // wait, counted from then, so a slow join does not leave the partitions no time to be read.
            if (joining && Assigned && Positioned())
            {
                joining = false;
                elapsed.Restart();
            }

            var remaining = (joining ? FirstAssignmentWait : _options.ReceiveWait) - elapsed.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            cancellationToken.ThrowIfCancellationRequested();
            var result = Consume(consumer, remaining < TimeSpan.FromMilliseconds(100) ? remaining : TimeSpan.FromMilliseconds(100));
            if (result is { IsPartitionEOF: true })
            {
                _atEnd.Add(result.TopicPartition);
            }
            else if (result?.Message is not null)
            {
                _atEnd.Remove(result.TopicPartition);
                _lastRead[result.TopicPartition] = result.Offset.Value;
                Read(result);
            }
        }

        PauseWaitingRetries(consumer);
        var delivered = HandOut(max);
        if (delivered.Count == 0 && _brokersDown)
        {
            ProbeBrokers();
        }

        return delivered;
    }

    /// <summary>
    /// librdkafka reports that no broker answers, but a receive would only come back empty: ask for metadata, so that a
    /// cluster that is gone fails the receive (and counts against the <c>event_bus</c> breaker) and one that is back clears it.
    /// </summary>
    private void ProbeBrokers()
    {
        _admin.Value.GetMetadata(_options.Topic, _options.ReceiveWait);
        _brokersDown = false;
    }

    private void OnError(Error error)
    {
        if (error.Code == ErrorCode.Local_AllBrokersDown)
        {
            _brokersDown = true;
        }

        LogClientError(_logger, error.Code.ToString(), error.Reason);
    }

    private ConsumeResult<string, string>? Consume(IConsumer<string, string> consumer, TimeSpan timeout)
    {
        try
        {
            return consumer.Consume(timeout);
        }
        catch (ConsumeException exception) when (!exception.Error.IsFatal)
        {
            // A subscribed topic not created yet, a broker hiccup: the consumer carries on; the next poll tries again.
            LogConsumeError(_logger, exception.Error.Code.ToString(), exception.Error.Reason);
            return null;
        }
        catch (KafkaException exception) when (exception.Error.IsFatal)
        {
            CloseConsumer();
            throw;
        }
    }

    /// <summary>Keeps a message read from an assigned partition; false when it was read before or its partition is gone.</summary>
    private bool Read(ConsumeResult<string, string> result)
    {
        if (!_ledgers.TryGetValue(result.TopicPartition, out var ledger))
        {
            return false;
        }

        var envelope = KafkaMessages.ToEnvelope(result.Message);
        return ledger.Add(new LedgerEntry(result.Offset.Value, result.Message, envelope, KafkaMessages.DueAt(result.Message)));
    }

    /// <summary>
    /// Every assigned partition has been read to its end, and past what this bus itself produced to it (its own
    /// publication may still be on its way back): nothing more is there to read now.
    /// </summary>
    private bool CaughtUp()
    {
        lock (_produced)
        {
            // A cooperative assignment can arrive in steps: a partition this bus produced to but does not hold yet may
            // still come to it, so only the full wait tells (another member may own it, which costs one wait).
            var consumed = _produced.Keys.Where(p => p.Topic == _options.Topic || p.Topic == _options.RetryTopicName);
            return consumed.All(_ledgers.ContainsKey)
                && _ledgers.Keys.All(p => _paused.Contains(p)
                    || (_atEnd.Contains(p) && (!_produced.TryGetValue(p, out var produced) || _lastRead.GetValueOrDefault(p, -1) >= produced)));
        }
    }

    /// <summary>Every assigned partition has answered since its assignment, with a message or its end.</summary>
    private bool Positioned() => _ledgers.Keys.All(p => _paused.Contains(p) || _atEnd.Contains(p) || _lastRead.ContainsKey(p));

    /// <summary>Holds partitions; a member the group has given none (yet) waits longer for them.</summary>
    private bool Assigned => _ledgers.Count > 0;

    private void Produced(TopicPartitionOffset delivered)
    {
        lock (_produced)
        {
            _produced[delivered.TopicPartition] = Math.Max(_produced.GetValueOrDefault(delivered.TopicPartition, -1), delivered.Offset.Value);
        }
    }

    private int CountDue()
    {
        var now = _time.GetUtcNow();
        return _ledgers.Values.Sum(l => l.Due(now).Count());
    }

    private List<EventDelivery> HandOut(int max)
    {
        var now = _time.GetUtcNow();
        var due = _ledgers.Values
            .SelectMany(l => l.Due(now).Select(e => (Ledger: l, Entry: e)))
            .OrderBy(d => d.Entry.Order).ThenBy(d => d.Ledger.Partition.Topic, StringComparer.Ordinal)
            .ThenBy(d => d.Ledger.Partition.Partition.Value).ThenBy(d => d.Entry.Offset)
            .Take(max)
            .ToList();
        foreach (var (_, entry) in due)
        {
            entry.State = LedgerState.Held;
        }

        return [.. due.Select(d => new EventDelivery(d.Entry.Envelope, Receipt(d.Ledger.Partition, d.Entry.Offset)))];
    }

    /// <summary>
    /// A retry partition whose next message is not due stops fetching until it is, so that waiting retries are neither
    /// held in memory by the thousand nor re-read; everything else keeps fetching.
    /// </summary>
    private void PauseWaitingRetries(IConsumer<string, string> consumer)
    {
        var now = _time.GetUtcNow();
        var waiting = _ledgers.Values.Where(l => l.HasWaiting(now)).Select(l => l.Partition).ToList();
        var toPause = waiting.Where(p => !_paused.Contains(p)).ToList();
        var toResume = _paused.Where(p => !waiting.Contains(p)).ToList();
        if (toPause.Count > 0)
        {
            consumer.Pause(toPause);
            _paused.UnionWith(toPause);
        }

        if (toResume.Count > 0)
        {
            consumer.Resume(toResume);
            _paused.ExceptWith(toResume);
        }
    }

    private async Task MoveAsync(EventDelivery delivery, string topic, Func<Message<string, string>, Message<string, string>> copy, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (partition, offset) = ParseReceipt(delivery.Receipt);
            var entry = _ledgers.GetValueOrDefault(partition)?.Find(offset);
            var message = entry?.Message ?? KafkaMessages.ToMessage(delivery.Envelope, _time.GetUtcNow());

            // The copy is durable before the original is let go: a crash in between leaves two copies, never none.
            var moved = await _producer.Value.ProduceAsync(topic, copy(message), cancellationToken).ConfigureAwait(false);
            Produced(moved.TopicPartitionOffset);
            Settle(delivery);
            Commit();
        }
        finally
        {
            _gate.Release();
        }
    }

    private void Settle(EventDelivery delivery)
    {
        var (partition, offset) = ParseReceipt(delivery.Receipt);

        // A delivery of a partition revoked since is the new owner's now; it gets the message again.
        _ledgers.GetValueOrDefault(partition)?.Settle(offset);
    }

    private void Commit() => Commit(_ledgers.Values);

    private void Commit(IEnumerable<PartitionLedger> ledgers)
    {
        if (_consumer is null)
        {
            return;
        }

        var offsets = ledgers.Select(l => l.Committable()).OfType<TopicPartitionOffset>().ToList();
        if (offsets.Count == 0)
        {
            return;
        }

        _consumer.Commit(offsets);
        foreach (var offset in offsets)
        {
            _ledgers.GetValueOrDefault(offset.TopicPartition)?.Committed(offset.Offset.Value);
        }
    }

    private IConsumer<string, string> OpenConsumer()
    {
        var config = new ConsumerConfig(_options.ClientConfig())
        {
            GroupId = _options.ConsumerGroup,
            PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = true,

            // A broker holds an empty fetch this long; a receive must outlast two of them to see a message just produced.
            FetchWaitMaxMs = (int)Math.Clamp(_options.ReceiveWait.TotalMilliseconds / 2, 10, 500),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            MaxPollIntervalMs = (int)_options.MaxPollInterval.TotalMilliseconds,
            SessionTimeoutMs = (int)_options.SessionTimeout.TotalMilliseconds,
        };
        var consumer = new ConsumerBuilder<string, string>(config)
            .SetLogHandler(LogClient)
            .SetErrorHandler((_, error) => OnError(error))
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions))
            .SetPartitionsLostHandler((_, partitions) => OnLost(partitions))
            .Build();
        consumer.Subscribe([_options.Topic, _options.RetryTopicName]);
        return consumer;
    }

    private void OnAssigned(List<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _ledgers[partition] = new PartitionLedger(partition);
            _atEnd.Remove(partition);
            _lastRead.Remove(partition);
        }

        LogAssigned(_logger, string.Join(", ", partitions));
    }

    private void OnRevoked(List<TopicPartitionOffset> partitions)
    {
        var revoked = partitions.Select(p => p.TopicPartition).Where(_ledgers.ContainsKey).ToList();
        try
        {
            Commit(revoked.Select(p => _ledgers[p]));
        }
        catch (KafkaException exception)
        {
            // The new owner starts at the last commit and sees these messages again: harmless, the worker skips done events.
            LogCommitOnRevokeFailed(_logger, exception);
        }

        Forget(revoked);
        LogRevoked(_logger, string.Join(", ", revoked));
    }

    private void OnLost(List<TopicPartitionOffset> partitions) => Forget([.. partitions.Select(p => p.TopicPartition)]);

    private void Forget(List<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _ledgers.Remove(partition);
            _paused.Remove(partition);
            _atEnd.Remove(partition);
            _lastRead.Remove(partition);
        }
    }

    private void CloseConsumer()
    {
        if (_consumer is null)
        {
            return;
        }

        try
        {
            _consumer.Close();
        }
        catch (KafkaException exception)
        {
            LogCloseFailed(_logger, exception);
        }

        _consumer.Dispose();
        _consumer = null;
        _ledgers.Clear();
        _paused.Clear();
        _atEnd.Clear();
        _lastRead.Clear();
    }

    private async Task EnsureTopicsAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _topicsReady))
        {
            return;
        }

        await _topicsGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_topicsReady)
            {
                await KafkaTopics.CreateMissingAsync(_admin.Value, _options, AdminTimeout).ConfigureAwait(false);
                Volatile.Write(ref _topicsReady, true);
            }
        }
        finally
        {
            _topicsGate.Release();
        }
    }

    private List<TopicPartition> PartitionsOf(string[] topics)
    {
        var partitions = new List<TopicPartition>();
        foreach (var topic in topics)
        {
            var metadata = _admin.Value.GetMetadata(topic, AdminTimeout);
            partitions.AddRange(metadata.Topics
                .Where(t => t.Error.Code == ErrorCode.NoError)
                .SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Topic, p.PartitionId))));
        }

        return [.. partitions.OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition.Value)];
    }

    private async Task<Dictionary<TopicPartition, long?>> CommittedAsync(List<TopicPartition> partitions)
    {
        var results = await _admin.Value.ListConsumerGroupOffsetsAsync(
            [new ConsumerGroupTopicPartitions(_options.ConsumerGroup, partitions)],
            new ListConsumerGroupOffsetsOptions { RequestTimeout = AdminTimeout }).ConfigureAwait(false);
        return results.SelectMany(r => r.Partitions)
            .ToDictionary(p => p.TopicPartition, p => p.Offset.Value >= 0 ? p.Offset.Value : (long?)null);
    }

    private async Task<Dictionary<TopicPartition, long>> OffsetsAsync(List<TopicPartition> partitions, OffsetSpec spec)
    {
        var result = await _admin.Value.ListOffsetsAsync(
            partitions.Select(p => new TopicPartitionOffsetSpec { TopicPartition = p, OffsetSpec = spec }),
            new ListOffsetsOptions { RequestTimeout = AdminTimeout }).ConfigureAwait(false);
        return result.ResultInfos.ToDictionary(r => r.TopicPartitionOffsetError.TopicPartition, r => r.TopicPartitionOffsetError.Offset.Value);
    }

    private async Task<(IReadOnlyList<GroupMember>? Members, string? Unavailable)> MembersAsync()
    {
        try
        {
            var described = await _admin.Value.DescribeConsumerGroupsAsync(
                [_options.ConsumerGroup],
                new DescribeConsumerGroupsOptions { RequestTimeout = AdminTimeout }).ConfigureAwait(false);
            var members = described.ConsumerGroupDescriptions.SelectMany(g => g.Members)
                .Select(m => new GroupMember(m.ClientId, m.Host, [.. m.Assignment.TopicPartitions.Select(p => $"{p.Topic}[{p.Partition.Value}]")]))
                .ToList();
            return (members, null);
        }
        catch (KafkaException exception)
        {
            return (null, $"The brokers cannot describe consumer group {_options.ConsumerGroup}: {exception.Error.Reason}");
        }
    }

    private void LogClient(IClient client, LogMessage message)
    {
        if (message.Level <= SyslogLevel.Warning)
        {
            LogClientMessage(_logger, message.Facility, message.Message);
        }
    }

    private static string Receipt(TopicPartition partition, long offset) =>
        string.Create(CultureInfo.InvariantCulture, $"{partition.Topic}|{partition.Partition.Value}|{offset}");

    private static (TopicPartition Partition, long Offset) ParseReceipt(string receipt)
    {
        var parts = receipt.Split('|');
        return (new TopicPartition(parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture)), long.Parse(parts[2], CultureInfo.InvariantCulture));
    }

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "Kafka assigned partitions {Partitions}")]
    private static partial void LogAssigned(ILogger logger, string partitions);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "Kafka revoked partitions {Partitions}")]
    private static partial void LogRevoked(ILogger logger, string partitions);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Warning, Message = "Kafka consume error {Code}: {Reason}")]
    private static partial void LogConsumeError(ILogger logger, string code, string reason);

    [LoggerMessage(EventId = 3023, Level = LogLevel.Warning, Message = "Committing revoked Kafka partitions failed; their new owner reads the settled messages again")]
    private static partial void LogCommitOnRevokeFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3024, Level = LogLevel.Warning, Message = "Closing the Kafka consumer failed")]
    private static partial void LogCloseFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3026, Level = LogLevel.Warning, Message = "Kafka client error {Code}: {Reason}")]
    private static partial void LogClientError(ILogger logger, string code, string reason);

    [LoggerMessage(EventId = 3025, Level = LogLevel.Warning, Message = "librdkafka {Facility}: {Message}")]
    private static partial void LogClientMessage(ILogger logger, string facility, string message);
}
