using Microsoft.Extensions.Hosting;

namespace RagMemory.Engines;

/// <summary>One engine a concern can be served by, and how it registers.</summary>
public sealed record EngineChoice(string Name, Func<IHostApplicationBuilder, IHostApplicationBuilder> Register);
