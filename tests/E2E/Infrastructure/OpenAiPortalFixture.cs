using RagMemory.Tests.Engines.OpenAi;

namespace RagMemory.Tests.E2E.Infrastructure;

/// <summary>A portal of its own whose answers and embeddings come from an <see cref="OpenAiCompatibleTestDouble"/>.</summary>
public sealed class OpenAiPortalFixture : PortalFixture
{
    public OpenAiPortalFixture()
        : this(OpenAiCompatibleTestDouble.StartAsync().GetAwaiter().GetResult())
    {
    }

    private OpenAiPortalFixture(OpenAiCompatibleTestDouble model)
        : base(model.Settings(embeddings: true)) => Model = model;

    public OpenAiCompatibleTestDouble Model { get; }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Model.DisposeAsync();
    }
}
