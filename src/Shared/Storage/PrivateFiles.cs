namespace RagMemory.Storage;

/// <summary>
/// Folders and files of the data folder that only the service's own user may read: created 700 and 600 from the
/// start (never chmod-ed after writing, when others could already have opened them). Existing ones are left as their
/// owner set them. On Windows the folder's inherited ACL rules instead.
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode FolderMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode FileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates the folder and any missing parent 700.</summary>
    public static void CreateDirectory(string path)
    {
        if (Directory.Exists(path))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
            return;
        }

        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } parent && !Directory.Exists(parent))
        {
            CreateDirectory(parent);
        }

        Directory.CreateDirectory(path, FolderMode);
    }

    /// <summary>Creates an empty file 600 unless it exists, so a program that opens it later (SQLite) keeps that mode.</summary>
    public static void EnsureFile(string path)
    {
        CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (!File.Exists(path))
        {
            using var created = Create(path, System.IO.FileMode.CreateNew);
        }
    }

    /// <summary>Writes a new file 600 from its first byte.</summary>
    public static void WriteAllText(string path, string text)
    {
        CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var stream = Create(path, System.IO.FileMode.CreateNew);
        using var writer = new StreamWriter(stream);
        writer.Write(text);
    }

    private static FileStream Create(string path, System.IO.FileMode mode) => new(path, OperatingSystem.IsWindows()
        ? new FileStreamOptions { Mode = mode, Access = FileAccess.Write }
        : new FileStreamOptions { Mode = mode, Access = FileAccess.Write, UnixCreateMode = FileMode });
}
