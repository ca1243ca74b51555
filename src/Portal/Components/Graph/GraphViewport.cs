namespace RagMemory.Portal.Components.Graph;

/// <summary>
/// The part of the layout's drawing area the canvas shows: a zoom and a centre, written as an SVG viewBox. Buttons,
/// the wheel and dragging the background change it; <see cref="Frame"/> fits it to the nodes shown.
/// </summary>
public sealed class GraphViewport
{
    public const double MinZoom = 0.25;
    public const double MaxZoom = 8;

    /// <summary>How far a pan button moves the view, as a share of what is visible.</summary>
    public const double PanStep = 0.2;

    /// <summary>The closest a frame zooms in, so one node found is not blown up to fill the canvas.</summary>
    private const double MaxFrameZoom = 2;

    public double Zoom { get; private set; } = 1;

    public double CenterX { get; private set; } = ForceLayout.Width / 2;

    public double CenterY { get; private set; } = ForceLayout.Height / 2;

    public string ViewBox
    {
        get
        {
            var width = ForceLayout.Width / Zoom;
            var height = ForceLayout.Height / Zoom;
            return string.Join(' ', SvgNumber.Of(CenterX - (width / 2)), SvgNumber.Of(CenterY - (height / 2)), SvgNumber.Of(width), SvgNumber.Of(height));
        }
    }

    public void ZoomBy(double factor) => Zoom = Math.Clamp(Zoom * factor, MinZoom, MaxZoom);

    /// <summary>Moves the view by a distance in canvas units, as dragging the background does.</summary>
    public void PanBy(double dx, double dy)
    {
        CenterX += dx;
        CenterY += dy;
    }

    /// <summary>Moves the view by <see cref="PanStep"/> of its size per step, as the pan buttons do.</summary>
    public void PanSteps(int dx, int dy) =>
        PanBy(dx * PanStep * ForceLayout.Width / Zoom, dy * PanStep * ForceLayout.Height / Zoom);

    /// <summary>
    /// Frames the points, as Bloom does: the view zooms to their bounding box, never closer than <see cref="MaxFrameZoom"/>;
    /// with no point it shows the whole drawing area.
    /// </summary>
    public void Frame(IReadOnlyCollection<LayoutPoint> points)
    {
        if (points.Count == 0)
        {
            Zoom = 1;
            CenterX = ForceLayout.Width / 2;
            CenterY = ForceLayout.Height / 2;
            return;
        }

        // Labels are drawn to the right of their nodes, so the frame leaves them room there.
        const double padding = 80;
        const double labelRoom = 140;
        var (minX, maxX) = (points.Min(p => p.X) - padding, points.Max(p => p.X) + labelRoom);
        var (minY, maxY) = (points.Min(p => p.Y) - padding, points.Max(p => p.Y) + padding);
        Zoom = Math.Clamp(Math.Min(ForceLayout.Width / (maxX - minX), ForceLayout.Height / (maxY - minY)), MinZoom, MaxFrameZoom);
        CenterX = (minX + maxX) / 2;
        CenterY = (minY + maxY) / 2;
    }
}
