namespace RagMemory.Tests.Engines;

/// <summary>Test classes that need the real embedding model join this collection and share one <see cref="MiniLmFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class MiniLmCollection : ICollectionFixture<MiniLmFixture>
{
    public const string Name = "MiniLM";
}
