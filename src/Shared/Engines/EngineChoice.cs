using Microsoft.Extensions.Hosting;

namespace RagMemory.Engines;

/// <summary>One engine a concern can be served by, and how it registers; <c>null</c> while its adapter is not written.</summary>
public sealed record EngineChoice(string Name, Func<IHostApplicationBuilder, IHostApplicationBuilder>? Register, string? Missing = null);
