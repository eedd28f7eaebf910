using BenchReport.Input;
using ScottPlot;

namespace BenchReport.Charts;

/// <summary>What every chart shares: size, labels, one colour per server (the same in every chart), the legend.</summary>
internal static class ChartStyle
{
    public const int Width = 800;
    public const int Height = 540;

    private static readonly ScottPlot.Palettes.Category10 _palette = new();

    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title, size: 16);
        plot.XLabel(xLabel, size: 14);
        plot.YLabel(yLabel, size: 14);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 12;
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        return plot;
    }

    /// <summary>The colour of the server at this position in meta.json's list.</summary>
    public static Color ColorOf(int serverIndex) => _palette.GetColor(serverIndex);

    /// <summary>"Label (19,000 connections, run 2)": which run of which point the line shows.</summary>
    public static string LegendText(ServerInfo server, RunResult run, string pointName) =>
        $"{ResultSet.LabelOf(server)} ({run.Point:N0} {pointName}, run {run.Repeat})";

    /// <summary>Fits the axes to the data, then starts the chosen ones at zero (a quantity that cannot be negative).</summary>
    public static void FitFromZero(Plot plot, bool x, bool y)
    {
        plot.Axes.AutoScale();
        plot.Axes.SetLimits(left: x ? 0 : null, right: null, bottom: y ? 0 : null, top: null);
    }

    /// <summary>Saves with the legend under the chart, where it cannot hide a line.</summary>
    public static void Save(Plot plot, string path)
    {
        plot.ShowLegend(Edge.Bottom);
        plot.Legend.FontSize = 12;
        plot.SavePng(path, Width, Height);
    }
}
