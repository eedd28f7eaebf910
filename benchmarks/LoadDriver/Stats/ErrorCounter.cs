using LoadDriver.Results;

namespace LoadDriver.Stats;

/// <summary>Counts distinct error messages; past a few distinct ones the rest are lumped together.</summary>
internal sealed class ErrorCounter
{
    private const int MaxDistinct = 12;
    private const string Other = "(other errors)";

    private readonly Dictionary<string, long> _counts = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public long Total { get; private set; }

    public void Add(string message, long count = 1)
    {
        lock (_lock)
        {
            var key = _counts.ContainsKey(message) || _counts.Count < MaxDistinct ? message : Other;
            _counts[key] = _counts.GetValueOrDefault(key) + count;
            Total += count;
        }
    }

    public void AddRange(List<ErrorCount>? errors)
    {
        if (errors is null)
        {
            return;
        }

        foreach (var error in errors)
        {
            Add(error.Message, error.Count);
        }
    }

    public List<ErrorCount> Snapshot()
    {
        lock (_lock)
        {
            var list = new List<ErrorCount>(_counts.Count);
            foreach (var (message, count) in _counts)
            {
                list.Add(new ErrorCount { Message = message, Count = count });
            }

            list.Sort(static (a, b) => b.Count.CompareTo(a.Count));
            return list;
        }
    }
}
