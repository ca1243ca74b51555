namespace RagMemory.Tests.E2E.Infrastructure;

/// <summary>Test classes in this collection share one portal and one browser, and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "Portal";
}
