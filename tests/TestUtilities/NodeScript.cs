using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace TestUtilities;

/// <summary>Starts the Node scripts that drive the official socket.io-client from the tests.</summary>
public static class NodeScript
{
    /// <summary>How long one script may run before its process (tree) is killed: a hang must not hold the run.</summary>
    public static readonly TimeSpan RunTimeout = Debugger.IsAttached ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(60);

    /// <summary>Fails with the install command if the client folder's npm packages are missing.</summary>
    public static void EnsureInstalled(string clientDirectory, string installCommand)
    {
        var marker = Path.Combine(clientDirectory, "node_modules", "socket.io-client", "package.json");
        if (!File.Exists(marker))
        {
            throw new InvalidOperationException($"The Node client is not installed ({marker} is missing): run `{installCommand}` first.");
        }
    }

    /// <summary><c>node &lt;clientDirectory&gt;/&lt;script&gt; args...</c> with every stream redirected, UTF-8.</summary>
    public static ProcessStartInfo CreateStartInfo(string clientDirectory, string script, IEnumerable<string> args)
    {
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = clientDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        startInfo.ArgumentList.Add(Path.Combine(clientDirectory, script));
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        return startInfo;
    }

    /// <summary>The command line, for failure messages.</summary>
    public static string Describe(ProcessStartInfo startInfo) => "node " + string.Join(' ', startInfo.ArgumentList);

    /// <summary>Starts the process, turning a missing <c>node</c> into a clear failure.</summary>
    public static void Start(Process process)
    {
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new InvalidOperationException("Could not start `node`: Node.js must be on PATH for these tests.", ex);
        }
    }
}
