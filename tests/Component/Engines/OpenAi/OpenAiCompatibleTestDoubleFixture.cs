namespace RagMemory.Tests.Engines.OpenAi;

/// <summary>One <see cref="OpenAiCompatibleTestDouble"/> for a test class whose hosts start per test; each test resets it.</summary>
public sealed class OpenAiCompatibleTestDoubleFixture : IAsyncLifetime
{
    public OpenAiCompatibleTestDouble Model { get; private set; } = default!;

    public async Task InitializeAsync() => Model = await OpenAiCompatibleTestDouble.StartAsync();

    public async Task DisposeAsync() => await Model.DisposeAsync();
}
