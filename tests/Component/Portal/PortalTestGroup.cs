namespace RagMemory.Tests.Portal;

/// <summary>The portal's component tests share one embedder; xunit runs the group's classes one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PortalTestGroup : ICollectionFixture<EmbedderFixture>
{
    public const string Name = "Portal components";
}
