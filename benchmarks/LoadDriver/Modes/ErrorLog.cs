using LoadDriver.Stats;
using LoadDriver.Workers;

namespace LoadDriver.Modes;

/// <summary>Prints the distinct errors of modes whose result has only a count, so that they are not lost.</summary>
internal static class ErrorLog
{
    public static void Write(WorkerReport[] reports)
    {
        var errors = new ErrorCounter();
        foreach (var report in reports)
        {
            errors.AddRange(report.Errors);
        }

        foreach (var error in errors.Snapshot())
        {
            Console.Error.WriteLine($"  error x{error.Count}: {error.Message}");
        }
    }
}
