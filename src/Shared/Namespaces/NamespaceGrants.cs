using System.Text.Json;
using System.Text.Json.Serialization;
using RagMemory.Errors;

namespace RagMemory.Namespaces;

/// <summary>
/// The namespaces an account, API client or provider role may read and may write: names, or <see cref="All"/> for
/// every namespace. Writing does not imply reading. Stored with the account or client and carried in its tokens as one
/// JSON claim; <see cref="NamespaceAccess"/> judges requests by it.
/// </summary>
public sealed record NamespaceGrants(
    [property: JsonPropertyName("read")] IReadOnlyList<string> Read,
    [property: JsonPropertyName("write")] IReadOnlyList<string> Write)
{
    /// <summary>Every namespace, those made later included.</summary>
    public const string All = "*";

    /// <summary>What an account or client made before namespaces had, and gets when none are named: <c>default</c> only.</summary>
    public static NamespaceGrants Default { get; } = new([MemoryNamespace.DefaultName], [MemoryNamespace.DefaultName]);

    /// <summary>Admins': every namespace.</summary>
    public static NamespaceGrants Everything { get; } = new([All], [All]);

    public static NamespaceGrants None { get; } = new([], []);

    public bool CanRead(MemoryNamespace ns) => Read.Contains(All) || Read.Contains(ns.Name);

    public bool CanWrite(MemoryNamespace ns) => Write.Contains(All) || Write.Contains(ns.Name);

    /// <summary>Both lists' names, those of <paramref name="more"/> added.</summary>
    public NamespaceGrants Union(NamespaceGrants more) =>
        new(Normalize(Read.Concat(more.Read)), Normalize(Write.Concat(more.Write)));

    /// <summary>
    /// The grants a request names; null when it names none (the caller keeps what it has or gets <see cref="Default"/>).
    /// Each entry is a namespace name or <see cref="All"/>; a bad one is a 400 naming <c>namespaces.read[i]</c> or <c>namespaces.write[i]</c>.
    /// </summary>
    public static NamespaceGrants? Validate(NamespaceGrants? requested, string field = "namespaces") =>
        requested is null ? null : new(Check(requested.Read, $"{field}.read"), Check(requested.Write, $"{field}.write"));

    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>Grants read back from storage or from a token this service signed.</summary>
    public static NamespaceGrants FromJson(string json) =>
        JsonSerializer.Deserialize<NamespaceGrants>(json) is { Read: not null, Write: not null } grants ? grants : None;

    /// <summary>For people: "read a, b · write a".</summary>
    public override string ToString() =>
        $"read {(Read.Count == 0 ? "none" : string.Join(", ", Read))} · write {(Write.Count == 0 ? "none" : string.Join(", ", Write))}";

    public bool Equals(NamespaceGrants? other) =>
        other is not null && Read.Order().SequenceEqual(other.Read.Order()) && Write.Order().SequenceEqual(other.Write.Order());

    public override int GetHashCode() => HashCode.Combine(string.Join(',', Read.Order()), string.Join(',', Write.Order()));

    private static List<string> Check(IReadOnlyList<string>? names, string field)
    {
        if (names is null)
        {
            throw new InvalidInputException(field, $"'{field}' must be a list of namespace names or \"{All}\".");
        }

        for (var i = 0; i < names.Count; i++)
        {
            if (names[i] != All)
            {
                MemoryNamespace.Parse(names[i], $"{field}[{i}]");
            }
        }

        return Normalize(names);
    }

    private static List<string> Normalize(IEnumerable<string> names) => names.Contains(All) ? [All] : [.. names.Distinct().Order(StringComparer.Ordinal)];
}
