namespace RagMemory.Api.Contracts;

public sealed record UpsertResponse(string Status, int Upserted);
