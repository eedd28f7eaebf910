using System.Diagnostics;
using System.Globalization;

namespace ScriptService.Tests.Service.Infrastructure;

/// <summary>
/// A real file system of its own, small enough to fill: a tmpfs mounted on a fresh temp directory (which needs root,
/// as the developers' machines and CI have). <see cref="Fill"/> takes every free block with a filler file, so the
/// next write that needs a block fails with ENOSPC as on a full disk; <see cref="Free"/> deletes it. Unmounted on
/// disposal.
/// </summary>
internal sealed class SmallDisk : IDisposable
{
    private const string FillerName = "filler.bin";

    private SmallDisk(string path) => Path = path;

    /// <summary>The mount point.</summary>
    public string Path { get; }

    /// <summary>Mounts a tmpfs of <paramref name="bytes"/>; skips the test, saying why, where mounting is refused.</summary>
    public static SmallDisk MountOrSkip(long bytes)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ScriptService.Tests", "disk-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        var (exitCode, output) = Run("mount", "-t", "tmpfs", "-o", "size=" + bytes.ToString(CultureInfo.InvariantCulture), "tmpfs", path);
        if (exitCode != 0)
        {
            Directory.Delete(path);
            Skip.If(true, $"This test needs a real full disk: mounting a tmpfs (as root) was refused here ({output.Trim()}).");
        }

        return new SmallDisk(path);
    }

    /// <summary>Writes a filler file until the file system has no block left.</summary>
    public void Fill()
    {
        var buffer = new byte[1 << 20];
        Array.Fill(buffer, (byte)0xA5);
        using var filler = new FileStream(System.IO.Path.Combine(Path, FillerName), FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);

        // Smaller and smaller writes, so that the last partial block is taken too.
        foreach (var size in new[] { 1 << 20, 1 << 16, 1 << 12, 1 << 9, 1 })
        {
            try
            {
                while (true)
                {
                    filler.Write(buffer, 0, size);
                }
            }
            catch (IOException)
            {
                // ENOSPC: on to a smaller write.
            }
        }
    }

    /// <summary>Deletes the filler: the file system has room again.</summary>
    public void Free() => File.Delete(System.IO.Path.Combine(Path, FillerName));

    public void Dispose()
    {
        // Lazily, in case a process still holds a file on it; the memory goes once the last one is closed.
        if (Run("umount", Path).ExitCode != 0)
        {
            Run("umount", "-l", Path);
        }

        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static (int ExitCode, string Output) Run(string command, params string[] args)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output.Result + error);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
