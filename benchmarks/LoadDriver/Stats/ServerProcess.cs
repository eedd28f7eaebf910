using System.Globalization;

namespace LoadDriver.Stats;

/// <summary>What <c>/proc</c> tells about another process: resident memory, threads and open descriptors.</summary>
internal static class ServerProcess
{
    /// <summary>One reading; a value the process does not let us read (or that it no longer has) is null.</summary>
    public static (long? RssBytes, int? Threads, int? Descriptors) Read(int pid)
    {
        long? rss = null;
        int? threads = null;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = FirstNumber(line.AsSpan(6)) * 1024;
                }
                else if (line.StartsWith("Threads:", StringComparison.Ordinal))
                {
                    threads = (int?)FirstNumber(line.AsSpan(8));
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }

        return (rss, threads, CountDescriptors(pid));
    }

    private static int? CountDescriptors(int pid)
    {
        try
        {
            var count = 0;
            foreach (var _ in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                count++;
            }

            return count;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static long? FirstNumber(ReadOnlySpan<char> text)
    {
        text = text.Trim();
        var space = text.IndexOf(' ');
        return long.TryParse(space < 0 ? text : text[..space], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
