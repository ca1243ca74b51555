namespace RagMemory.Tests.Engines.PostgreSql;

/// <summary>The tests that share one <see cref="PostgreSqlServer"/> per run; each gets databases of its own from it.</summary>
[CollectionDefinition(Name)]
public sealed class PostgreSqlCollection : ICollectionFixture<PostgreSqlServer>
{
    public const string Name = "PostgreSql";
}
