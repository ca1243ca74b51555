using System.Globalization;

namespace RagMemory.Portal.Components;

/// <summary>A byte count as a person reads it: B, KiB, MiB or GiB.</summary>
public static class ByteSize
{
    public static string Format(long bytes) =>
        bytes >= 1L << 30 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.0} GiB")
        : bytes >= 1L << 20 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.0} MiB")
        : bytes >= 1L << 10 ? string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.0} KiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes} B");
}
