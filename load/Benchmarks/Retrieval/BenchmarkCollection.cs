using RagMemory.Evaluation;

namespace RagMemory.Load.Retrieval;

/// <summary>
/// The public collections the benchmark measures retrieval on, each in SMART format beside the repository
/// (<c>../shared/data/NAME</c>, as CI lays them out), with how its judgements read as gains.
/// </summary>
public sealed record BenchmarkCollection(string Name, string RequiredFile, GradeScale Grades, string GradesDescription)
{
    public static BenchmarkCollection Cranfield { get; } = new("cranfield", "cran.all.1400", GradeScale.InverseOneToFour, "graded gains 5 - grade (1 = best → 4 .. 4 → 1), linear nDCG");

    public static BenchmarkCollection Medline { get; } = new("medline", "MED.ALL", GradeScale.Gain, "binary judgements (gain 1)");

    public static IReadOnlyList<BenchmarkCollection> All { get; } = [Cranfield, Medline];

    /// <summary><c>../shared/data/NAME</c> relative to the repository root.</summary>
    public string DefaultFolder => Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "data", Name));

    public static BenchmarkCollection Named(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown collection '{name}': {string.Join(" or ", All.Select(c => c.Name))}.");

    /// <summary>Whether <paramref name="folder"/> (the default folder when null) holds the collection.</summary>
    public bool IsIn(string? folder = null) => File.Exists(Path.Combine(folder ?? DefaultFolder, RequiredFile));

    /// <summary>Reads the collection from <paramref name="folder"/> (its default folder when null).</summary>
    public EvaluationCollection Read(string? folder = null)
    {
        folder ??= DefaultFolder;
        if (!File.Exists(Path.Combine(folder, RequiredFile)))
        {
            throw new DirectoryNotFoundException($"No {Name} collection at {folder} (no {RequiredFile}); pass --data DIR (SMART format).");
        }

        return SmartCollectionReader.ReadFolder(folder, Grades);
    }
}
