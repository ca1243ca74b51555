using RagMemory.Load.Retrieval;

namespace RagMemory.Tests.Benchmarks;

/// <summary>
/// A test on the MEDLINE collection, which the repository does not hold (its source states no licence): reported as
/// skipped, saying where it looked and why, when <c>../shared/data/medline</c> is not beside the repository.
/// </summary>
public sealed class MedlineFactAttribute : FactAttribute
{
    public MedlineFactAttribute()
    {
        var collection = BenchmarkCollection.Medline;
        if (!collection.IsIn())
        {
            Skip = $"No MEDLINE collection at {collection.DefaultFolder} ({collection.RequiredFile}): it is not committed, since its source states no licence; docs/performance.md says where it comes from.";
        }
    }
}
