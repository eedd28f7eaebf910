namespace BenchReport.Scenarios;

/// <summary>A metric over the repeats of one server at one point: median, min, max, and how many repeats had it.</summary>
internal readonly record struct Summary(double Median, double Min, double Max, int Count)
{
    /// <summary>Null when no repeat has a value. With an even count the median is the mean of the middle two.</summary>
    public static Summary? Of(IEnumerable<double?> values)
    {
        var sorted = values.Where(v => v is not null && double.IsFinite(v.Value)).Select(v => v!.Value).Order().ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Summary(median, sorted[0], sorted[^1], sorted.Length);
    }

    /// <summary>True when the two min–max ranges overlap: the difference is within the spread between repeats.</summary>
    public bool Overlaps(Summary other) => Min <= other.Max && other.Min <= Max;
}
