using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Primitives;
using ScriptService.Tests.Service.Infrastructure;

namespace ScriptService.Tests.Service;

/// <summary>
/// The configuration files are polled for changes, not watched with inotify: the content root holds the job store's
/// database by default, and an inotify watch on its tree woke a thread on every commit.
/// </summary>
public sealed class ConfigurationWatchTests
{
    [Fact]
    public async Task ConfigurationFile_ChangedWhileRunning_IsReloaded_WithoutAnInotifyWatchOnTheContentRoot()
    {
        // The content root is the directory that holds the database, as data/jobs.db is under it by default.
        using var data = new ServiceData();
        var settingsFile = Path.Combine(data.DirectoryPath, "appsettings.json");
        await File.WriteAllTextAsync(settingsFile, """{"Probe": "one"}""");
        await using var host = await ServiceHost.StartAsync(new Dictionary<string, string?> { ["contentRoot"] = data.DirectoryPath }, data);
        var configuration = host.Services.GetRequiredService<IConfiguration>();
        Assert.Equal("one", configuration["Probe"]);

        Assert.DoesNotContain(Inode(data.DirectoryPath), InotifyWatchedInodes());

        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = ChangeToken.OnChange(configuration.GetReloadToken, () =>
        {
            if (configuration["Probe"] == "two")
            {
                reloaded.TrySetResult();
            }
        });
        await File.WriteAllTextAsync(settingsFile, """{"Probe": "two"}""");
        File.SetLastWriteTimeUtc(settingsFile, DateTime.UtcNow.AddSeconds(1));
        await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>The inodes every inotify instance of this process watches (<c>/proc/self/fdinfo</c>: <c>inotify wd:… ino:HEX</c>).</summary>
    private static HashSet<ulong> InotifyWatchedInodes()
    {
        var inodes = new HashSet<ulong>();
        foreach (var info in Directory.EnumerateFiles("/proc/self/fdinfo"))
        {
            string[] lines;
            try
            {
                lines = File.ReadAllLines(info);
            }
            catch (IOException)
            {
                // Closed since it was listed.
                continue;
            }

            foreach (var line in lines.Where(l => l.StartsWith("inotify ", StringComparison.Ordinal)))
            {
                var ino = line.Split(' ').Single(part => part.StartsWith("ino:", StringComparison.Ordinal));
                inodes.Add(ulong.Parse(ino["ino:".Length..], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
            }
        }

        return inodes;
    }

    private static ulong Inode(string path)
    {
        using var stat = Process.Start(new ProcessStartInfo("stat", ["-c", "%i", path]) { RedirectStandardOutput = true })!;
        var output = stat.StandardOutput.ReadToEnd();
        stat.WaitForExit();
        return ulong.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }
}
