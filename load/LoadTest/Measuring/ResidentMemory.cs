namespace RagMemory.LoadTest.Measuring;

/// <summary>This process's resident set (VmRSS of /proc/self/status), in MiB; 0 where /proc is not there.</summary>
public static class ResidentMemory
{
    public static long MiB()
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return 0;
        }

        var line = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) / 1024;
    }
}
