using System.ComponentModel.DataAnnotations;

namespace RagMemory.Resilience;

/// <summary>Per-backend resilience settings (bound from <c>Resilience</c>); a backend without a section gets the defaults.</summary>
public sealed class ResilienceOptions : IValidatableObject
{
    public const string SectionName = "Resilience";

    public Dictionary<string, BackendResilienceOptions> Backends { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        // One ONNX run over a full ingestion batch on a busy two-core machine takes seconds.
        [Resilience.Backends.Embedder] = new() { Timeout = TimeSpan.FromSeconds(60) },
        [Resilience.Backends.AnswerGenerator] = new() { Timeout = TimeSpan.FromSeconds(60) },
    };

    public BackendResilienceOptions For(string backend) => Backends.TryGetValue(backend, out var options) ? options : new BackendResilienceOptions();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        NamedSettingsValidation.Validate(Backends, Resilience.Backends.All, "Resilience:Backends", "backend");
}
