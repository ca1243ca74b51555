using System.ComponentModel.DataAnnotations;

namespace RagMemory;

/// <summary>
/// Validates a configuration dictionary of named entries (rate-limit policies, backends): every name must be known and
/// every entry must pass its own data annotations, with messages naming the configuration key at fault.
/// </summary>
public static class NamedSettingsValidation
{
    public static IEnumerable<ValidationResult> Validate<T>(IReadOnlyDictionary<string, T> entries, IReadOnlyList<string> known, string section, string kind)
        where T : notnull
    {
        foreach (var (name, entry) in entries)
        {
            if (!known.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                yield return new ValidationResult($"{section}:{name} names no {kind}; known: {string.Join(", ", known)}.");
            }

            var results = new List<ValidationResult>();
            Validator.TryValidateObject(entry, new ValidationContext(entry), results, validateAllProperties: true);
            foreach (var result in results)
            {
                yield return new ValidationResult($"{section}:{name}: {result.ErrorMessage}");
            }
        }
    }
}
