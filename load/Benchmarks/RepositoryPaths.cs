namespace RagMemory.Load;

/// <summary>Finds the repository root (the folder of RagMemory.sln) and the shared data beside it.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>../shared/data/cranfield</c> relative to the repository root, as CI lays it out.</summary>
    public static string DefaultCranfield => Path.GetFullPath(Path.Combine(Root, "..", "shared", "data", "cranfield"));

    public static string PerformanceReport => Path.Combine(Root, "docs", "performance.md");

    private static string FindRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "RagMemory.sln")))
                {
                    return folder.FullName;
                }
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
