using Microsoft.AspNetCore.Components.Authorization;
using RagMemory.Namespaces;

namespace RagMemory.Portal.Components.Namespaces;

/// <summary>
/// The namespace the signed-in person works in, one per circuit, so that Search, Documents, Graph and Ingest stay in
/// the one they picked. Every use is judged again by <see cref="NamespaceAccess"/>, as the API judges a request: a
/// namespace the person may not read or write is the same 403 the API gives.
/// </summary>
public sealed class NamespaceChoice(AuthenticationStateProvider authentication)
{
    /// <summary>The name picked; <c>default</c> until the person picks another.</summary>
    public string Name { get; set; } = MemoryNamespace.DefaultName;

    /// <summary>The namespaces the person may pick for reading (or for writing), named ones first after <c>default</c>.</summary>
    public async Task<IReadOnlyList<string>> ChoicesAsync(bool write)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        return [.. NamespaceAccess.Choices(user, write, [MemoryNamespace.FromStored(Name)]).Select(n => n.Name)];
    }

    /// <summary>Whether the person may name any namespace (an admin, or a grant of "*"), so the page offers a free field.</summary>
    public async Task<bool> AnyAsync(bool write)
    {
        var grants = NamespaceAccess.Of((await authentication.GetAuthenticationStateAsync()).User);
        return (write ? grants.Write : grants.Read).Contains(NamespaceGrants.All);
    }

    /// <summary>The picked namespace for a read; 400 for a bad name, 403 when the person may not read it.</summary>
    public async Task<MemoryNamespace> ForReadAsync() =>
        NamespaceAccess.ToRead((await authentication.GetAuthenticationStateAsync()).User, Name);

    /// <summary>The picked namespace for a write; 400 for a bad name, 403 when the person may not write it.</summary>
    public async Task<MemoryNamespace> ForWriteAsync() =>
        NamespaceAccess.ToWrite((await authentication.GetAuthenticationStateAsync()).User, Name);
}
