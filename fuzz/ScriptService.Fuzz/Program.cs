using SharpFuzz;

namespace ScriptService.Fuzz;

/// <summary>
/// The AFL++ entry point: <c>ScriptService.Fuzz &lt;target&gt;</c> runs one target under afl-fuzz (SharpFuzz's fork
/// server, the input on stdin); <c>ScriptService.Fuzz replay &lt;target&gt; &lt;file or folder&gt;...</c> runs files through a
/// target in this process and tells which of them fail, to reproduce a crash or to check a corpus.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args.Length >= 2 && args[0] == "replay")
        {
            return Replay(args[1], args[2..]);
        }

        if (args.Length != 1 || !Targets.All.TryGetValue(args[0], out var target))
        {
            Console.Error.WriteLine($"usage: ScriptService.Fuzz <target> | replay <target> <file|dir>...; targets: {string.Join(", ", Targets.All.Keys)}");
            return 2;
        }

        Fuzzer.OutOfProcess.Run(stream => target(Targets.ReadInput(stream)));
        return 0;
    }

    private static int Replay(string name, string[] paths)
    {
        if (!Targets.All.TryGetValue(name, out var target))
        {
            Console.Error.WriteLine($"unknown target {name}; targets: {string.Join(", ", Targets.All.Keys)}");
            return 2;
        }

        var files = paths.SelectMany<string, string>(path => Directory.Exists(path)
            ? Directory.EnumerateFiles(path).Where(file => !Path.GetFileName(file).StartsWith("README", StringComparison.Ordinal)).Order(StringComparer.Ordinal)
            : [path]);
        var failed = 0;
        var count = 0;
        foreach (var file in files)
        {
            count++;
            try
            {
                target(File.ReadAllBytes(file));
            }
            catch (Exception ex)
            {
                failed++;
                Console.WriteLine($"FAIL {file}: {ex}");
            }
        }

        Console.WriteLine($"{name}: {count} inputs, {failed} failed");
        return failed == 0 ? 0 : 1;
    }
}
