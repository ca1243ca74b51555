namespace RagMemory.Tests.E2E.Infrastructure;

/// <summary>The checkout the tests were built from, found by its solution file above the test output folder.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RagMemory.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("RagMemory.sln not found above the test output folder.");
    }
}
