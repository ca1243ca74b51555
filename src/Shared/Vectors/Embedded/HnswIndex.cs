using Cloud.Unum.USearch;
using RagMemory.Errors;

namespace RagMemory.Vectors.Embedded;

/// <summary>
/// USearch's HNSW index made safe to share. The native index is concurrent by design (an add may run beside searches),
/// but its C# binding grows the capacity by one slot inside every add that finds the index full, and a grow reallocates
/// the node arrays under a running search, which crashes the process; the index also has a fixed number of thread
/// contexts and fails when more operations run than it has, reads past a vector of the wrong length, and throws on a
/// duplicate key. So: capacity grows ahead of the adds, in large steps, exclusively; one write at a time runs beside
/// the searches; searches are bounded by the core count and the contexts are one more than that; lengths are checked
/// here; and <see cref="Upsert"/> removes a key before adding it. A search beside a write sees the graph as the write
/// leaves it at that moment: a node being removed is dropped from its hits (<see cref="FreeKey"/>), and a node being
/// added in a freed slot may be scored, that once, against the vector that slot held before.
/// </summary>
public sealed class HnswIndex : IDisposable
{
    /// <summary>The key USearch gives a removed node (its default free key); no record may use it.</summary>
    public const ulong FreeKey = ulong.MaxValue;

    /// <summary>Slots reserved at the least, so that a small index does not grow at every few adds.</summary>
    private const int MinimumCapacity = 1024;

    private readonly USearchIndex _index;

    // Write: growing the capacity and disposing (nothing else may touch the native index then). Read: everything else.
    private readonly ReaderWriterLockSlim _lock = new();

    // One add, remove or save at a time: it keeps the capacity check exact and uses the one context beyond the searches'.
    private readonly Lock _writer = new();
    private readonly SemaphoreSlim _searchSlots = new(Environment.ProcessorCount, Environment.ProcessorCount);

    private HnswIndex(USearchIndex index, int dimensions)
    {
        _index = index;
        Dimensions = dimensions;
        Reserve(Math.Max(MinimumCapacity, (long)index.Size()));
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

    /// <summary>Adds or replaces <paramref name="key"/>'s vector while searches go on.</summary>
    public void Upsert(ulong key, float[] vector)
    {
        ArgumentOutOfRangeException.ThrowIfEqual(key, FreeKey);
        Guard.Vector(vector, Dimensions, "vector");
        lock (_writer)
        {
            GrowFor(1);
            _lock.EnterReadLock();
            try
            {
                if (_index.Contains(key))
                {
                    _index.Remove(key);
                }

                _index.Add(key, vector);
            }
            finally
            {
                _lock.ExitReadLock();
            }
        }
    }

    public void Remove(ulong key)
    {
        lock (_writer)
        {
            _lock.EnterReadLock();
            try
            {
                if (_index.Contains(key))
                {
                    _index.Remove(key);
                }
            }
            finally
            {
                _lock.ExitReadLock();
            }
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

    /// <summary>
    /// Makes room for <paramref name="adds"/> more vectors before they are added, so that the binding's own grow inside
    /// an add (one slot, beside running searches) never runs. Called with the writer lock held, so the size cannot change.
    /// </summary>
    private void GrowFor(int adds)
    {
        var needed = (long)_index.Size() + adds;
        if ((long)_index.Capacity() >= needed)
        {
            return;
        }

        _lock.EnterWriteLock();
        try
        {
            Reserve(Math.Max(needed, (long)_index.Capacity() * 3 / 2));
        }
        finally
        {
            _lock.ExitWriteLock();
        }
    }

    /// <summary>Reserves <paramref name="capacity"/> slots and a thread context for every search slot and the writer.</summary>
    private void Reserve(long capacity)
    {
        USearchNative.Reserve(_index, capacity);
        USearchNative.ChangeThreads(_index, Environment.ProcessorCount + 1);
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

    private List<(ulong Key, float Distance)> SearchInSlot(float[] query, int count)
    {
        _lock.EnterReadLock();
        try
        {
            var found = _index.Search(query, count, out var keys, out var distances);
            var hits = new List<(ulong, float)>(found);
            for (var i = 0; i < found; i++)
            {
                // A remove beside this search marks its node with the free key after the search has let it pass, so
                // the node can come back under that key: it is gone, not a hit.
                if (keys[i] != FreeKey)
                {
                    hits.Add((keys[i], distances[i]));
                }
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
        lock (_writer)
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
    }

    public void Dispose()
    {
        _index.Dispose();
        _lock.Dispose();
        _searchSlots.Dispose();
    }
}
