using System.Globalization;

namespace RagMemory.Portal.Components.Graph;

/// <summary>Numbers as the canvas's SVG attributes carry them: invariant, at most two decimals.</summary>
public static class SvgNumber
{
    public static string Of(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
