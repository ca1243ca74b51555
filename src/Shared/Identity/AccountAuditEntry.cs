namespace RagMemory.Identity;

/// <summary>One change to an account: what was done to whom, by whom, when (kept after the account is deleted).</summary>
public sealed record AccountAuditEntry(string Username, string Action, string DoneBy, DateTimeOffset DoneAt);
