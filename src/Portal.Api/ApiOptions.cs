using System.ComponentModel.DataAnnotations;

namespace RagMemory.Api;

/// <summary>Limits of the HTTP API (bound from <c>Api</c>).</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Largest request body accepted; larger ones are refused with 413.</summary>
    [Range(1024, 1_073_741_824)]
    public long MaxRequestBodyBytes { get; set; } = 4 * 1024 * 1024;
}
