using RagMemory.Namespaces;

namespace RagMemory.Identity;

/// <summary>
/// A local account; the password is stored only as a salted PBKDF2 hash. The security stamp changes whenever the
/// account's password changes, it is disabled, or its owner signs out everywhere: every token and cookie carries the
/// stamp it was issued with, so a changed stamp ends them all.
/// </summary>
public sealed record Account(string Username, IReadOnlyList<string> Roles, DateTimeOffset CreatedAt, string SecurityStamp = "", DateTimeOffset? DisabledAt = null, string? DisabledBy = null)
{
    public bool IsDisabled => DisabledAt is not null;

    /// <summary>What the account may read and write (an admin may use every namespace whatever this says).</summary>
    public NamespaceGrants Namespaces { get; init; } = NamespaceGrants.Default;
}
