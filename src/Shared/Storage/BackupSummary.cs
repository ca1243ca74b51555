namespace RagMemory.Storage;

/// <summary>What a backup or restore wrote: the database file, SQLite's integrity check of it (<c>ok</c>) and what it holds.</summary>
public sealed record BackupSummary(string Database, string IntegrityCheck, long Events, long ChunkVectors);
