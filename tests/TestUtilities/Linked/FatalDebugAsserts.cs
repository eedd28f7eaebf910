using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace TestUtilities;

/// <summary>
/// Makes a failed <see cref="Debug.Assert(bool)"/> end the test run, so that a Debug run that passes shows the
/// invariants the library asserts held throughout.
/// </summary>
/// <remarks>
/// The test host turns a failed assert into an exception thrown where the assert failed. On a test's own thread that
/// fails the test, but most asserts run on the server's threads (a send, a timer, a request), where the library's own
/// error handling would take the exception for a failed connection and carry on.
/// This file is compiled into every test assembly (tests/Directory.Build.targets), not into TestUtilities: a module
/// initializer runs when its own assembly loads, and the test assembly is the one that surely loads first.
/// </remarks>
internal static class FatalDebugAsserts
{
#pragma warning disable CA2255 // The initializer is the point: it must run before any test, in whatever order they run.
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Install()
    {
        Trace.Listeners.Clear();
        Trace.Listeners.Add(new FailFastListener());
    }

    private sealed class FailFastListener : TraceListener
    {
        public override void Fail(string? message, string? detailMessage) =>
            Environment.FailFast($"Debug.Assert failed: {message} {detailMessage}{Environment.NewLine}{Environment.StackTrace}");

        public override void Write(string? message)
        {
        }

        public override void WriteLine(string? message)
        {
        }
    }
}
