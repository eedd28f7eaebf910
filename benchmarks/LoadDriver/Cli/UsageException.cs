namespace LoadDriver.Cli;

/// <summary>Bad command line: exit code 1 with the usage text.</summary>
internal sealed class UsageException(string message) : Exception(message);
