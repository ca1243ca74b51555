using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RagMemory.Api.Health;
using RagMemory.Engines;

namespace RagMemory.Portal.Components.Health;

/// <summary>One engine of the Health page: the backend it serves and what its adapter says of it.</summary>
public sealed record EngineRow(string Backend, string Engine, string Version, string Location, string Holds)
{
    /// <summary>A row per engine that answered its readiness check, in the report's order; a backend that failed has none.</summary>
    public static IReadOnlyList<EngineRow> From(HealthReport report) =>
        [.. report.Entries
            .Where(entry => entry.Value.Data.TryGetValue(BackendHealthChecks.EnginesKey, out var value) && value is IReadOnlyList<EngineDescription>)
            .SelectMany(entry => ((IReadOnlyList<EngineDescription>)entry.Value.Data[BackendHealthChecks.EnginesKey])
                .Select(d => new EngineRow(entry.Key, d.Engine, d.Version ?? "unknown", d.Location ?? "", Format(d.Sizes))))];

    /// <summary>"1,200 chunks, index file 4.5 MiB".</summary>
    public static string Format(IReadOnlyList<EngineSize> sizes) => string.Join(", ", sizes.Select(size => size.Unit == EngineSize.Bytes
        ? $"{size.What} {ByteSize.Format(size.Amount)}"
        : $"{size.Amount.ToString("N0", CultureInfo.InvariantCulture)} {size.What}"));
}
