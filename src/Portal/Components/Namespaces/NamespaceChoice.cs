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
    private string? _picked;

    /// <summary>The name picked; until the person picks one, <c>default</c> (see <see cref="ForReadAsync"/> for one who may not use it).</summary>
    public string Name
    {
        get => _picked ?? MemoryNamespace.DefaultName;
        set => _picked = value;
    }

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

    /// <summary>
    /// The picked namespace for a read; 400 for a bad name, 403 when the person may not read it. Before any pick, a
    /// person who may not read <c>default</c> starts in the first namespace they may.
    /// </summary>
    public async Task<MemoryNamespace> ForReadAsync()
    {
        await StartAsync(write: false);
        return NamespaceAccess.ToRead((await authentication.GetAuthenticationStateAsync()).User, Name);
    }

    /// <summary>The picked namespace for a write; 400 for a bad name, 403 when the person may not write it.</summary>
    public async Task<MemoryNamespace> ForWriteAsync()
    {
        await StartAsync(write: true);
        return NamespaceAccess.ToWrite((await authentication.GetAuthenticationStateAsync()).User, Name);
    }

    /// <summary>Before any pick: <c>default</c> when the person may use it, else the first namespace they may.</summary>
    public async Task StartAsync(bool write)
    {
        if (_picked is null && await ChoicesAsync(write) is { Count: > 0 } choices && !choices.Contains(MemoryNamespace.DefaultName))
        {
            _picked = choices[0];
        }
    }
}
