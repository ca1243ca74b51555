using Cloud.Unum.USearch;
using RagMemory.Errors;

namespace RagMemory.Vectors.Embedded;

/// <summary>
/// USearch's HNSW index made safe to share. Its C# binding crashes the process when an add overlaps a search, throws
/// when more searches run than there are cores, reads past a vector of the wrong length, and throws on a duplicate key.
/// So: writes are exclusive, concurrent searches are bounded by the core count, lengths are checked here, and
/// <see cref="Upsert"/> removes a key before adding it. The binding also grows the capacity by one slot inside every
/// add that finds the index full (a reallocation of the node arrays per add), so capacity grows here, ahead of the adds,
/// by half again.
/// </summary>
/// <remarks>
/// Letting one write run beside the searches, with the capacity reserved ahead, was tried on 2 December 2026: it
/// shortened the vector search's tail by 10-20 % in the load test, but under the test suite's load a search read a null
/// node and the process died (docs/load-baseline.md, round 3). Writes stay exclusive.
/// </remarks>
public sealed class HnswIndex : IDisposable
{
    /// <summary>Slots reserved at the least, so that a small index does not grow at every few adds.</summary>
    private const int MinimumCapacity = 1024;

    private readonly USearchIndex _index;
    private readonly ReaderWriterLockSlim _lock = new();
    private readonly SemaphoreSlim _searchSlots = new(Environment.ProcessorCount, Environment.ProcessorCount);

    private HnswIndex(USearchIndex index, int dimensions)
    {
        _index = index;
        Dimensions = dimensions;
        USearchNative.Reserve(index, Math.Max(MinimumCapacity, (long)index.Size()));
    }

    public int Dimensions { get; }

    public static HnswIndex Create(int dimensions, ScalarKind quantization = ScalarKind.Float32, HnswSettings? settings = null)
    {
        settings ??= new HnswSettings();
        return new(new USearchIndex(MetricKind.Cos, quantization, (ulong)dimensions, (ulong)settings.Connectivity, (ulong)settings.ExpansionAdd,
            (ulong)settings.ExpansionSearch, multi: false), dimensions);
    }

    /// <summary>
    /// Loads a saved index and applies <paramref name="settings"/>' search expansion, which the file does not keep;
    /// throws <see cref="USearchException"/> when the file is not a usable index.
    /// </summary>
    public static HnswIndex Load(string path, int dimensions, HnswSettings? settings = null)
    {
        settings ??= new HnswSettings();
        var index = new USearchIndex(path, view: false);
        // Read before disposing: asking a disposed native index kills the process.
        var saved = (int)index.Dimensions();
        if (saved != dimensions)
        {
            index.Dispose();
            throw new USearchException($"Index at {path} has {saved} dimensions, expected {dimensions}.");
        }

        USearchNative.ChangeExpansionSearch(index, settings.ExpansionSearch);
        return new HnswIndex(index, dimensions);
    }

    /// <summary>The candidate list length searches use (ef), as the native index reports it.</summary>
    public int ExpansionSearch
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return USearchNative.ExpansionSearch(_index);
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public long Count
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return (long)_index.Size();
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public bool Contains(ulong key)
    {
        _lock.EnterReadLock();
        try
        {
            return _index.Contains(key);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Upsert(ulong key, float[] vector)
    {
        Guard.Vector(vector, Dimensions, "vector");
        _lock.EnterWriteLock();
        try
        {
            GrowFor(1);
            if (_index.Contains(key))
            {
                _index.Remove(key);
            }

            _index.Add(key, vector);
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    public void Remove(ulong key)
    {
        _lock.EnterWriteLock();
        try
        {
            if (_index.Contains(key))
            {
                _index.Remove(key);
            }
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>The slots the native index holds before it must grow (for tests: growth happens ahead of the adds).</summary>
    public long Capacity
    {
        get
        {
            _lock.EnterReadLock();
            try
            {
                return (long)_index.Capacity();
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    /// <summary>Makes room for <paramref name="adds"/> more vectors before they are added; called under the write lock.</summary>
    private void GrowFor(int adds)
    {
        var needed = (long)_index.Size() + adds;
        if ((long)_index.Capacity() < needed)
        {
            USearchNative.Reserve(_index, Math.Max(needed, (long)_index.Capacity() * 3 / 2));
        }
    }

    /// <summary>Nearest keys with cosine distance (0 is identical).</summary>
    public IReadOnlyList<(ulong Key, float Distance)> Search(float[] query, int count)
    {
        Guard.Vector(query, Dimensions, "query");
        _searchSlots.Wait();
        try
        {
            return SearchInSlot(query, count);
        }
        finally
        {
            _searchSlots.Release();
        }
    }

    /// <summary>
    /// <see cref="Search"/> for request paths: a request waiting for a search slot gives its thread back instead of
    /// blocking on the slot. Blocked waiters held thread-pool threads that spun and yielded on the very cores the
    /// search needed (the load test's profile, docs/load-baseline.md).
    /// </summary>
    public async ValueTask<IReadOnlyList<(ulong Key, float Distance)>> SearchAsync(float[] query, int count, CancellationToken cancellationToken = default)
    {
        Guard.Vector(query, Dimensions, "query");
        await _searchSlots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return SearchInSlot(query, count);
        }
        finally
        {
            _searchSlots.Release();
        }
    }

    private (ulong Key, float Distance)[] SearchInSlot(float[] query, int count)
    {
        _lock.EnterReadLock();
        try
        {
            var found = _index.Search(query, count, out var keys, out var distances);
            var hits = new (ulong, float)[found];
            for (var i = 0; i < found; i++)
            {
                hits[i] = (keys[i], distances[i]);
            }

            return hits;
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Save(string path)
    {
        _lock.EnterReadLock();
        try
        {
            _index.Save(path);
        }
        finally
        {
            _lock.ExitReadLock();
        }
    }

    public void Dispose()
    {
        _index.Dispose();
        _lock.Dispose();
        _searchSlots.Dispose();
    }
}
