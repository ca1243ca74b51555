using System.ComponentModel.DataAnnotations;

namespace RagMemory.Storage;

/// <summary>Where the embedded engines keep their files (bound from <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Storage";

    [Required]
    public string DataDirectory { get; set; } = "./data";

    public string DatabasePath => Path.Combine(Path.GetFullPath(DataDirectory), "ragmemory.db");

    public string VectorIndexPath => Path.Combine(Path.GetFullPath(DataDirectory), "vectors.usearch");
}
