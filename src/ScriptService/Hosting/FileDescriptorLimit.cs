using System.Runtime.InteropServices;

namespace ScriptService.Hosting;

/// <summary>The process's soft <c>RLIMIT_NOFILE</c>: how many descriptors it may hold, sockets included.</summary>
internal static partial class FileDescriptorLimit
{
    /// <summary>The soft limit, or null where there is none to read (Windows) or it is unlimited.</summary>
    public static long? Read()
    {
        var resource = OperatingSystem.IsLinux() ? 7 : OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? 8 : -1;
        if (resource < 0 || GetResourceLimit(resource, out var limit) != 0)
        {
            return null;
        }

        // RLIM_INFINITY is all ones on Linux and the BSDs alike; anything that large is no limit in practice.
        return limit.Current >= long.MaxValue ? null : (long)limit.Current;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit")]
    private static partial int GetResourceLimit(int resource, out ResourceLimit limit);

    [StructLayout(LayoutKind.Sequential)]
    private struct ResourceLimit
    {
        public ulong Current;
        public ulong Maximum;
    }
}
