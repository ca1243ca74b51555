namespace RagMemory.Api.Contracts;

public sealed record AccountAuditResponse(string Username, string Action, string DoneBy, DateTimeOffset DoneAt);
