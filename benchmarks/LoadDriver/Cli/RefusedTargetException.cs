namespace LoadDriver.Cli;

/// <summary>The target is not on this machine's loopback range: exit code 2, nothing is sent.</summary>
internal sealed class RefusedTargetException(string message) : Exception(message);
