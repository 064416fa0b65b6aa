using ScottPlot;

namespace Observability.Analytics.Cost.Chargeback;

/// <summary>A tenant's month as a PNG: daily cost stacked by model (ScottPlot), the same bytes for the same numbers.</summary>
public static class ChargebackChart
{
    /// <param name="days">The month's days, in order.</param>
    /// <param name="costByModel">Per model (in legend order), the cost of each day in dollars.</param>
    public static byte[] Render(string title, IReadOnlyList<DateOnly> days, IReadOnlyList<(string Model, double[] Daily)> costByModel)
    {
        using var plot = new Plot();
        plot.Title(title);
        plot.YLabel("cost ($)");
        plot.XLabel("day of month");
        var palette = new ScottPlot.Palettes.Category10();
        var baseline = new double[days.Count];
        var bars = new List<Bar>();
        for (var m = 0; m < costByModel.Count; m++)
        {
            var (model, daily) = costByModel[m];
            var color = palette.GetColor(m);
            for (var d = 0; d < days.Count; d++)
            {
                bars.Add(new Bar { Position = days[d].Day, ValueBase = baseline[d], Value = baseline[d] + daily[d], FillColor = color });
                baseline[d] += daily[d];
            }

            plot.Legend.ManualItems.Add(new LegendItem { LabelText = model, FillColor = color });
        }

        plot.Add.Bars(bars);
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperLeft);
        return plot.GetImageBytes(900, 450, ImageFormat.Png);
    }
}
