namespace RagMemory.Tests.Engines;

/// <summary>Deletes a test's data folder once the last straggler has let go of it.</summary>
public static class FolderCleanup
{
    /// <summary>
    /// Deletes <paramref name="path"/> and everything in it, retrying for a few seconds: a page's health check or an index
    /// save that started before the host stopped can still be writing a file when the test ends, and the delete then finds
    /// the folder not empty. A folder that stays busy longer is a real leak, so the last failure is thrown.
    /// </summary>
    public static async Task DeleteAsync(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (IOException) when (attempt < 20)
            {
                await Task.Delay(250);
            }
        }
    }
}
