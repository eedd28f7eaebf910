namespace ScriptService.Diagnostics.Prometheus;

/// <summary>One instrument's aggregate for one set of tags. Guarded by its <see cref="InstrumentAggregate"/>'s lock.</summary>
internal sealed class MetricSeries(KeyValuePair<string, object?>[] tags, int bucketCount)
{
    public KeyValuePair<string, object?>[] Tags { get; } = tags;

    /// <summary>The total, level or last value; a histogram's sum.</summary>
    public double Value { get; set; }

    /// <summary>A histogram's measurement count.</summary>
    public long Count { get; set; }

    /// <summary>A histogram's counts per bucket (not cumulative); the last one is above every boundary.</summary>
    public long[] Buckets { get; } = bucketCount == 0 ? [] : new long[bucketCount];

    /// <summary>Whether these tags are the measurement's, in any order (instruments need not order their tags).</summary>
    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != Tags.Length)
        {
            return false;
        }

        foreach (var tag in tags)
        {
            var found = false;
            foreach (var own in Tags)
            {
                if (string.Equals(own.Key, tag.Key, StringComparison.Ordinal) && Equals(own.Value, tag.Value))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }
}
