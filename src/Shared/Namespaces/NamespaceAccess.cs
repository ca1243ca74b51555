using System.Security.Claims;
using RagMemory.Errors;
using RagMemory.Identity;

namespace RagMemory.Namespaces;

/// <summary>
/// The one place that says which namespaces a caller may read and write, and turns a request's <c>namespace</c> into
/// the <see cref="MemoryNamespace"/> it may use: 400 for a bad name, 403 naming the namespace when the caller's grants
/// do not cover it. The grants come from <see cref="PermissionClaimsTransformation"/>, which puts them on every
/// principal it maps (admins: every namespace; our accounts and clients: their own, carried in their tokens; provider
/// users: their roles' grants from <see cref="OidcOptions.RoleNamespaces"/>).
/// </summary>
public static class NamespaceAccess
{
    /// <summary>The claim our tokens and cookies carry an account's or client's grants in (as JSON).</summary>
    public const string GrantsClaim = "namespaces";

    /// <summary>The claim the mapping adds with the grants in force; only the mapping's issuer is believed.</summary>
    public const string ClaimType = "namespace_access";

    /// <summary>The grants in force for <paramref name="user"/>; none for a principal the mapping never saw.</summary>
    public static NamespaceGrants Of(ClaimsPrincipal user) =>
        user.FindFirst(c => c.Type == ClaimType && c.Issuer == PermissionClaimsTransformation.MappingIssuer) is { } claim
            ? NamespaceGrants.FromJson(claim.Value)
            : NamespaceGrants.None;

    /// <summary>The namespace a read names (<c>default</c> when none), once the caller may read it.</summary>
    public static MemoryNamespace ToRead(ClaimsPrincipal user, string? requested, string field = "namespace")
    {
        var ns = Parse(requested, field);
        return Of(user).CanRead(ns) ? ns : throw new ForbiddenException($"You may not read namespace '{ns.Name}'.");
    }

    /// <summary>The namespace a write names (<c>default</c> when none), once the caller may write it.</summary>
    public static MemoryNamespace ToWrite(ClaimsPrincipal user, string? requested, string field = "namespace")
    {
        var ns = Parse(requested, field);
        return Of(user).CanWrite(ns) ? ns : throw new ForbiddenException($"You may not write namespace '{ns.Name}'.");
    }

    /// <summary>Those of <paramref name="known"/> the caller may read, by name.</summary>
    public static IReadOnlyList<MemoryNamespace> Readable(ClaimsPrincipal user, IEnumerable<MemoryNamespace> known)
    {
        var grants = Of(user);
        return [.. known.Where(grants.CanRead).Distinct().OrderBy(n => n.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The namespaces a person can pick from in the portal: those named in the grants (a <c>*</c> adds the
    /// <paramref name="known"/> ones), <c>default</c> first when it is among them.
    /// </summary>
    public static IReadOnlyList<MemoryNamespace> Choices(ClaimsPrincipal user, bool write, IEnumerable<MemoryNamespace> known)
    {
        var grants = Of(user);
        var names = write ? grants.Write : grants.Read;
        var named = names.Where(n => n != NamespaceGrants.All).Select(MemoryNamespace.FromStored);
        var choices = names.Contains(NamespaceGrants.All) ? named.Concat(known).Append(MemoryNamespace.Default) : named;
        return [.. choices.Distinct().OrderBy(n => n == MemoryNamespace.Default ? 0 : 1).ThenBy(n => n.Name, StringComparer.Ordinal)];
    }

    private static MemoryNamespace Parse(string? requested, string field) =>
        requested is null ? MemoryNamespace.Default : MemoryNamespace.Parse(requested, field);
}
