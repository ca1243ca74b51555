namespace RagMemory.Tests.Api;

/// <summary>The isolation matrix on the embedded engines: SQLite state and event store, HNSW vectors, FTS5 keywords, SQLite graph.</summary>
public sealed class NamespaceIsolationMatrixTests(RagMemoryApiFactory factory) : NamespaceIsolationMatrix, IClassFixture<RagMemoryApiFactory>
{
    protected override RagMemoryApiFactory Factory => factory;
}
