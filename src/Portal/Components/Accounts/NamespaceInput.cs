using RagMemory.Namespaces;

namespace RagMemory.Portal.Components.Accounts;

/// <summary>
/// The namespaces a form grants, as a person types them: names (or <c>*</c>) separated by commas or spaces. The store
/// checks each name, so a bad one is the API's 400 naming <c>namespaces.read[i]</c>.
/// </summary>
public sealed class NamespaceInput
{
    public string Read { get; set; } = MemoryNamespace.DefaultName;

    public string Write { get; set; } = MemoryNamespace.DefaultName;

    /// <summary>The form filled with what a client or account may already read and write, to edit it.</summary>
    public static NamespaceInput From(NamespaceGrants grants) => new() { Read = string.Join(", ", grants.Read), Write = string.Join(", ", grants.Write) };

    public NamespaceGrants ToGrants() => new(Split(Read), Split(Write));

    private static List<string> Split(string names) =>
        [.. names.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
