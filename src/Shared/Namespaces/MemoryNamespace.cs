using System.Text.RegularExpressions;
using RagMemory.Errors;

namespace RagMemory.Namespaces;

/// <summary>
/// The namespace every event, chunk, vector, node and query belongs to; ids are unique within one. Every port method
/// takes one, so that namespaces per account and API client need no second reshaping of the ports. Until then every
/// caller uses <see cref="Default"/>.
/// </summary>
public sealed partial record MemoryNamespace
{
    public const string DefaultName = "default";

    private MemoryNamespace(string name) => Name = name;

    public static MemoryNamespace Default { get; } = new(DefaultName);

    /// <summary>Lower-case letters, digits, '-' and '_', 1 to 64 characters, starting with a letter or digit.</summary>
    public string Name { get; }

    /// <summary>A namespace named by a caller; throws <see cref="InvalidInputException"/> naming <paramref name="field"/> when the name breaks the rule.</summary>
    public static MemoryNamespace Parse(string? name, string field = "namespace")
    {
        if (name is null || !NameRule().IsMatch(name))
        {
            throw new InvalidInputException(field, $"'{field}' must match ^[a-z0-9][a-z0-9_-]{{0,63}}\\z (got '{name}').");
        }

        return new MemoryNamespace(name);
    }

    /// <summary>A name read back from storage, written there by <see cref="Parse"/>.</summary>
    public static MemoryNamespace FromStored(string name) => new(name);

    public override string ToString() => Name;

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_-]{0,63}\z")]
    private static partial Regex NameRule();
}
