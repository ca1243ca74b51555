using System.Runtime.InteropServices;

namespace RagMemory.Load;

/// <summary>The machine a run happened on, as the report states it.</summary>
public sealed record MachineDescription(string Cpu, int Cores, string Memory, string OperatingSystem, string Runtime, string LoadAverage)
{
    public static MachineDescription Current() => new(
        ReadField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Environment.ProcessorCount,
        ReadField("/proc/meminfo", "MemTotal") is { } kb && long.TryParse(kb.Split(' ')[0], out var total) ? $"{total / 1024.0 / 1024.0:F1} GiB" : "unknown",
        (ReadField("/etc/os-release", "PRETTY_NAME", '=') ?? RuntimeInformation.OSDescription).Trim('"'),
        RuntimeInformation.FrameworkDescription,
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown");

    private static string? ReadField(string path, string name, char separator = ':')
    {
        if (!File.Exists(path))
        {
            return null;
        }

        return File.ReadLines(path)
            .Select(line => line.Split(separator, 2))
            .Where(parts => parts.Length == 2 && parts[0].Trim() == name)
            .Select(parts => parts[1].Trim())
            .FirstOrDefault();
    }
}
