using Cloud.Unum.USearch;
using RagMemory.LoadTest.Baselines;
using RagMemory.LoadTest.Measuring;
using RagMemory.Vectors.Embedded;

namespace RagMemory.Tests.LoadTest;

/// <summary>The memory measurement's index: the vectors asked for, saved where asked, loadable as the portal loads it.</summary>
public sealed class DirectFillTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"ragmemory-fill-{Guid.NewGuid():N}.usearch");

    public void Dispose() => File.Delete(_path);

    [Theory]
    [InlineData(ScalarKind.Float32)]
    [InlineData(ScalarKind.BFloat16)]
    public void Fill_saves_an_index_of_the_vectors_asked_for(ScalarKind storage)
    {
        var progress = new StringWriter();

        DirectFill.Run(_path, 300, storage, expansionAdd: 16, seed: 20, progress);

        using var index = HnswIndex.Load(_path, 384);
        Assert.Equal(300, index.Count);
        Assert.Equal(10, index.Search(AQuery(), 10).Count);
    }

    [Fact]
    public void Resident_memory_is_read_from_proc()
    {
        Assert.True(OperatingSystem.IsLinux(), "the load tool measures memory from /proc, which only Linux has");
        Assert.InRange(ResidentMemory.MiB(), 1, 1_000_000);
    }

    private static float[] AQuery() => RagMemory.LoadTest.Scenarios.RandomVectors.Unit(new Random(1), 384);
}
