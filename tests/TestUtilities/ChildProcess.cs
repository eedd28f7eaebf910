using System.Diagnostics;
using System.Text;

namespace TestUtilities;

/// <summary>How the tests start a program of their own (a Node script, a client example): every stream redirected, UTF-8.</summary>
public static class ChildProcess
{
    /// <summary><c>fileName args...</c> in <paramref name="workingDirectory"/>, with every stream redirected, UTF-8.</summary>
    public static ProcessStartInfo CreateStartInfo(string fileName, string workingDirectory, IEnumerable<string> args)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        return startInfo;
    }
}
