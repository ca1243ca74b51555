using System.Text;
using RagMemory.Storage;
using Serilog.Sinks.File;

namespace RagMemory.Logging;

/// <summary>
/// Each new log file is made 600 as the sink opens it, before its first event is written; the folder around it is
/// already 700, so nobody else can open it even in that moment.
/// </summary>
public sealed class PrivateLogFiles : FileLifecycleHooks
{
    public override Stream OnFileOpened(string path, Stream underlyingStream, Encoding encoding)
    {
        if (!OperatingSystem.IsWindows() && underlyingStream.Position == 0)
        {
            File.SetUnixFileMode(path, PrivateFiles.FileMode);
        }

        return underlyingStream;
    }
}
