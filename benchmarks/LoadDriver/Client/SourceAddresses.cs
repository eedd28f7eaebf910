using System.Net;

namespace LoadDriver.Client;

/// <summary>
/// Spreads connections over local source addresses (127.0.0.2, 127.0.0.3, …) so that no address needs more than a
/// fraction of its ~28,000 ephemeral ports. HTTP connections of the jobs and soak modes use their own range
/// (127.0.200.x), and so do the soak's polling sessions (127.0.201.x).
/// </summary>
internal static class SourceAddresses
{
    private const int PerOctet = 250;

    public static IPAddress ForConnection(int globalIndex, int perAddress) => Address(0, globalIndex / perAddress);

    public static IPAddress ForHttp(int index) => Address(200, index % PerOctet);

    public static IPAddress ForPolling(int index) => Address(201, index % PerOctet);

    private static IPAddress Address(int thirdOctetBase, int ordinal) =>
        new([127, 0, (byte)(thirdOctetBase + ordinal / PerOctet), (byte)(2 + ordinal % PerOctet)]);
}
