using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace SharedSource;

/// <summary>
/// Cryptographically secure random bytes, for session and socket ids. On Linux they come straight from the kernel
/// (<c>getrandom(2)</c>): the platform's <see cref="RandomNumberGenerator"/> draws them through OpenSSL there, and the
/// first id would load it into the process, megabytes of resident memory for 15 bytes per connection (docs/memory.md).
/// Elsewhere, or
/// if the kernel refuses, <see cref="RandomNumberGenerator"/>.
/// </summary>
/// <remarks>Compiled into each library that needs it (linked source, as ASP.NET Core shares its own helpers).</remarks>
internal static partial class SecureRandom
{
    private const int Interrupted = 4;

    public static void Fill(Span<byte> destination)
    {
        if (!OperatingSystem.IsLinux() || !TryFillFromKernel(destination))
        {
            FillFromPlatform(destination);
        }
    }

    /// <summary>Apart, so that the JIT loads the cryptography assembly (another megabyte) only where this runs.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void FillFromPlatform(Span<byte> destination) => RandomNumberGenerator.Fill(destination);

    private static bool TryFillFromKernel(Span<byte> destination)
    {
        try
        {
            while (!destination.IsEmpty)
            {
                // Flags 0: the urandom source, which blocks only until the kernel's pool is first seeded at boot.
                var filled = GetRandom(ref MemoryMarshal.GetReference(destination), (nuint)destination.Length, 0);
                if (filled < 0)
                {
                    if (Marshal.GetLastPInvokeError() == Interrupted)
                    {
                        continue;
                    }

                    return false;
                }

                destination = destination[(int)filled..];
            }

            return true;
        }
        catch (EntryPointNotFoundException)
        {
            // A C library older than glibc 2.25 or musl 1.1.20.
            return false;
        }
    }

    [LibraryImport("libc", EntryPoint = "getrandom", SetLastError = true)]
    private static partial nint GetRandom(ref byte buffer, nuint length, uint flags);
}
