using System.Reflection;
using System.Runtime.InteropServices;

namespace RagMemory.Observability;

/// <summary>A component the service runs on and its version, as an operator reports it in a bug or checks after an upgrade.</summary>
public sealed record ComponentVersion(string Component, string Version);

/// <summary>
/// The versions of this service and what it runs on. Each engine's own version comes from its adapter
/// (<see cref="Engines.IDescribesEngine"/>), since only the adapter knows which engine, local or remote, it talks to.
/// </summary>
public sealed class SoftwareVersions
{
    public IReadOnlyList<ComponentVersion> List() =>
    [
        new("RagMemory", VersionOf(typeof(SoftwareVersions).Assembly)),
        new(".NET", RuntimeInformation.FrameworkDescription),
        new("OS", RuntimeInformation.OSDescription),
    ];

    // The informational version carries the commit after a '+'; the part before it is what people compare.
    private static string VersionOf(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? assembly.GetName().Version?.ToString()
        ?? "unknown";
}
