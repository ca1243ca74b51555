using System.Collections.Concurrent;
using RagMemory.Errors;
using RagMemory.Vectors;
using RagMemory.Vectors.Embedded;

namespace RagMemory.Tests.Engines;

/// <summary>
/// USearch's C# binding crashes the process when Add and Search overlap, throws when more searches run than there are
/// cores, reads past a vector of the wrong length and throws on a duplicate key. <see cref="HnswIndex"/> must prevent
/// all of it; a regression here would take the test host down, which fails the run.
/// </summary>
public sealed class HnswIndexConcurrencyTests : IDisposable
{
    private const int Dimensions = 32;
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(3);
    private readonly HnswIndex _index = HnswIndex.Create(Dimensions);

    public void Dispose() => _index.Dispose();

    [Fact]
    public void Concurrent_upserts_and_more_searches_than_cores_complete_without_errors_and_count_every_key()
    {
        const int writers = 4;
        const int upsertsPerWriter = 750;
        var searchers = Math.Max(8, (Environment.ProcessorCount * 2) + 1);
        const int searchesPerSearcher = 400;
        Assert.True(searchers > Environment.ProcessorCount);
        var failures = new ConcurrentQueue<Exception>();
        var badHits = new ConcurrentQueue<ulong>();

        RunTogether(failures, writers + searchers, worker =>
        {
            if (worker < writers)
            {
                for (var i = 0; i < upsertsPerWriter; i++)
                {
                    var key = (ulong)((worker * upsertsPerWriter) + i);
                    _index.Upsert(key, VectorFor(key));
                }
            }
            else
            {
                for (var i = 0; i < searchesPerSearcher; i++)
                {
                    foreach (var (key, distance) in _index.Search(VectorFor((ulong)(i * worker)), 10))
                    {
                        if (key >= writers * upsertsPerWriter || !float.IsFinite(distance))
                        {
                            badHits.Enqueue(key);
                        }
                    }
                }
            }
        });

        Assert.Empty(failures);
        Assert.Empty(badHits);
        Assert.Equal(writers * upsertsPerWriter, _index.Count);
        foreach (var key in new ulong[] { 0, 749, 750, 1999, 2999 })
        {
            Assert.Equal(key, _index.Search(VectorFor(key), 1)[0].Key);
        }
    }

    [Fact]
    public void Concurrent_upserts_of_the_same_keys_replace_instead_of_throwing()
    {
        const int writers = 4;
        const int keys = 300;
        var failures = new ConcurrentQueue<Exception>();

        RunTogether(failures, writers, worker =>
        {
            for (var round = 0; round < 3; round++)
            {
                for (ulong key = 0; key < keys; key++)
                {
                    _index.Upsert(key, VectorFor(key + (ulong)(worker * 1000)));
                }
            }
        });

        Assert.Empty(failures);
        Assert.Equal(keys, _index.Count);
    }

    [Fact]
    public void Replacing_the_same_keys_beside_more_searches_than_cores_reuses_slots_without_errors()
    {
        const int keys = 500;
        for (ulong key = 0; key < keys; key++)
        {
            _index.Upsert(key, VectorFor(key));
        }

        var searchers = (Environment.ProcessorCount * 2) + 1;
        var failures = new ConcurrentQueue<Exception>();
        var badHits = new ConcurrentQueue<ulong>();
        RunTogether(failures, 1 + searchers, worker =>
        {
            for (var i = 0; i < 1500; i++)
            {
                if (worker == 0)
                {
                    // A replacement removes the key and adds it again in the freed slot, which searches walk before and after.
                    _index.Upsert((ulong)(i % keys), VectorFor((ulong)(i + keys)));
                }
                else
                {
                    foreach (var (key, distance) in _index.Search(VectorFor((ulong)(i * worker)), 10))
                    {
                        if (key >= keys || !float.IsFinite(distance))
                        {
                            badHits.Enqueue(key);
                        }
                    }
                }
            }
        });

        Assert.Empty(failures);
        Assert.Empty(badHits);
        Assert.Equal(keys, _index.Count);
    }

    [Fact]
    public void Capacity_grows_ahead_of_the_adds_in_large_steps()
    {
        var capacities = new HashSet<long> { _index.Capacity };
        for (ulong key = 0; key < 3000; key++)
        {
            _index.Upsert(key, VectorFor(key));
            Assert.True(_index.Capacity > _index.Count - 1, $"capacity {_index.Capacity} below the count {_index.Count}");
            capacities.Add(_index.Capacity);
        }

        // From 1024 slots by half again at each grow: 1024, 1536, 2304, 3456. The binding alone grows by one slot per add.
        Assert.InRange(capacities.Count, 2, 4);
        Assert.True(capacities.Min() >= 1024);
    }

    [Fact]
    public void Concurrent_removes_and_searches_complete_without_errors()
    {
        for (ulong key = 0; key < 1000; key++)
        {
            _index.Upsert(key, VectorFor(key));
        }

        var failures = new ConcurrentQueue<Exception>();
        RunTogether(failures, 10, worker =>
        {
            for (var i = 0; i < 250; i++)
            {
                if (worker < 2)
                {
                    _index.Remove((ulong)((worker * 500) + (i * 2)));
                }
                else
                {
                    _index.Search(VectorFor((ulong)(i + worker)), 5);
                }
            }
        });

        Assert.Empty(failures);
        Assert.Equal(500, _index.Count);
    }

    [Theory]
    [InlineData(Dimensions - 1)]
    [InlineData(Dimensions + 1)]
    [InlineData(0)]
    public void Upsert_rejects_a_vector_of_the_wrong_length_before_it_reaches_native_code(int length)
    {
        var error = Assert.Throws<InvalidInputException>(() => _index.Upsert(1, new float[length]));

        Assert.Equal("vector", error.Field);
        Assert.Equal(0, _index.Count);
    }

    [Theory]
    [InlineData(Dimensions - 1)]
    [InlineData(Dimensions + 1)]
    [InlineData(1)]
    public void Search_rejects_a_query_of_the_wrong_length_before_it_reaches_native_code(int length)
    {
        _index.Upsert(1, VectorFor(1));

        var error = Assert.Throws<InvalidInputException>(() => _index.Search(new float[length], 5));

        Assert.Equal("query", error.Field);
    }

    [Fact]
    public void Upsert_rejects_a_vector_holding_NaN()
    {
        var vector = VectorFor(1);
        vector[5] = float.NaN;

        Assert.Throws<InvalidInputException>(() => _index.Upsert(1, vector));
        Assert.Equal(0, _index.Count);
    }

    [Fact]
    public void Upsert_of_a_duplicate_key_replaces_the_vector_instead_of_throwing()
    {
        _index.Upsert(7, Axis(0));

        _index.Upsert(7, Axis(1));

        Assert.Equal(1, _index.Count);
        var (key, distance) = Assert.Single(_index.Search(Axis(1), 5));
        Assert.Equal(7UL, key);
        Assert.InRange(distance, -0.001f, 0.001f);
        Assert.InRange(_index.Search(Axis(0), 5)[0].Distance, 0.999f, 1.001f);
    }

    [Fact]
    public async Task SearchAsync_with_more_waiters_than_slots_answers_each_as_Search_does()
    {
        for (ulong key = 0; key < 200; key++)
        {
            _index.Upsert(key, VectorFor(key));
        }

        // More concurrent searches than there are slots (one per core): the waiters queue without holding threads.
        var keys = Enumerable.Range(0, (Environment.ProcessorCount * 8) + 1).Select(i => (ulong)(i % 200)).ToList();
        var answers = await Task.WhenAll(keys.Select(key => Task.Run(async () => await _index.SearchAsync(VectorFor(key), 3))));

        for (var i = 0; i < keys.Count; i++)
        {
            Assert.Equal(_index.Search(VectorFor(keys[i]), 3), answers[i]);
            Assert.Equal(keys[i], answers[i][0].Key);
        }
    }

    [Fact]
    public async Task SearchAsync_checks_the_query_length_before_it_waits_for_a_slot() =>
        await Assert.ThrowsAsync<InvalidInputException>(async () => await _index.SearchAsync(new float[Dimensions + 1], 5));

    [Fact]
    public void Remove_of_an_unknown_key_is_harmless_and_a_removed_key_can_be_added_again()
    {
        _index.Upsert(1, Axis(0));

        _index.Remove(99);
        _index.Remove(1);
        _index.Remove(1);
        Assert.Equal(0, _index.Count);
        Assert.Empty(_index.Search(Axis(0), 5));

        _index.Upsert(1, Axis(2));
        Assert.Equal(1UL, Assert.Single(_index.Search(Axis(2), 5)).Key);
    }

    /// <summary>Starts <paramref name="count"/> dedicated threads at once and waits, with a bound, for all of them.</summary>
    private static void RunTogether(ConcurrentQueue<Exception> failures, int count, Action<int> work)
    {
        using var start = new Barrier(count);
        var threads = Enumerable.Range(0, count).Select(worker => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                work(worker);
            }
#pragma warning disable CA1031 // Every failure of a worker thread is collected and asserted on by the test.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                failures.Enqueue(exception);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        Assert.All(threads, t => Assert.True(t.Join(Bound), "a worker thread did not finish: deadlock or livelock"));
    }

    private static float[] Axis(int axis)
    {
        var vector = new float[Dimensions];
        vector[axis] = 1f;
        return vector;
    }

    /// <summary>A distinct, deterministic vector per key.</summary>
    private static float[] VectorFor(ulong key)
    {
        var random = new Random((int)(key % int.MaxValue));
        return Enumerable.Range(0, Dimensions).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
    }
}
