using System.Globalization;

namespace LoadDriver.Stats;

/// <summary>Reads a process's resident set size from <c>/proc/PID/status</c> (VmRSS).</summary>
internal static class ServerRss
{
    public static long? Read(int? pid)
    {
        if (pid is null)
        {
            return null;
        }

        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid.Value}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    continue;
                }

                var value = line.AsSpan(6).Trim();
                var space = value.IndexOf(' ');
                var kilobytes = long.Parse(space < 0 ? value : value[..space], NumberStyles.Integer, CultureInfo.InvariantCulture);
                return kilobytes * 1024;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
