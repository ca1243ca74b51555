using System.Globalization;
using RagMemory.Portal.Components.Graph;

namespace RagMemory.Tests.Portal.Graph;

public sealed class GraphViewportTests
{
    private readonly GraphViewport _viewport = new();

    [Fact]
    public void At_first_the_view_shows_the_whole_drawing_area() =>
        Assert.Equal("0 0 1000 700", _viewport.ViewBox);

    [Fact]
    public void Zooming_keeps_the_centre_and_stops_at_the_limits()
    {
        _viewport.ZoomBy(1.25);
        Assert.Equal("100 70 800 560", _viewport.ViewBox);

        _viewport.ZoomBy(1000);
        Assert.Equal(GraphViewport.MaxZoom, _viewport.Zoom);
        _viewport.ZoomBy(0.00001);
        Assert.Equal(GraphViewport.MinZoom, _viewport.Zoom);
    }

    [Fact]
    public void A_pan_step_moves_the_view_by_a_fifth_of_what_is_visible()
    {
        _viewport.ZoomBy(2);

        _viewport.PanSteps(1, -1);

        var (x, y, width, height) = Parse(_viewport.ViewBox);
        Assert.Equal(250 + (0.2 * width), x, 6);
        Assert.Equal(175 - (0.2 * height), y, 6);
    }

    [Fact]
    public void Dragging_pans_by_canvas_units()
    {
        _viewport.PanBy(40, -20);

        Assert.Equal("40 -20 1000 700", _viewport.ViewBox);
    }

    [Fact]
    public void Framing_one_point_zooms_in_at_most_twice_and_leaves_room_for_its_label_on_the_right()
    {
        _viewport.Frame([new LayoutPoint(500, 350)]);

        Assert.Equal(2, _viewport.Zoom);
        var (x, _, width, _) = Parse(_viewport.ViewBox);
        Assert.InRange(500, x + (width / 4), x + (width / 2));
        Assert.Equal(350, _viewport.CenterY);
    }

    [Fact]
    public void Framing_spread_points_shows_them_all()
    {
        LayoutPoint[] points = [new(30, 30), new(970, 670), new(500, 100)];

        _viewport.Frame(points);

        var (x, y, width, height) = Parse(_viewport.ViewBox);
        Assert.All(points, p =>
        {
            Assert.InRange(p.X, x, x + width);
            Assert.InRange(p.Y, y, y + height);
        });
    }

    [Fact]
    public void Framing_nothing_returns_to_the_whole_drawing_area()
    {
        _viewport.ZoomBy(3);
        _viewport.PanBy(100, 100);

        _viewport.Frame([]);

        Assert.Equal("0 0 1000 700", _viewport.ViewBox);
    }

    private static (double X, double Y, double Width, double Height) Parse(string viewBox)
    {
        var parts = viewBox.Split(' ').Select(p => double.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        return (parts[0], parts[1], parts[2], parts[3]);
    }
}
