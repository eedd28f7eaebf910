using System.Net;
using System.Net.Sockets;

namespace LoadDriver.Cli;

/// <summary>Resolves the target and refuses it unless every address it resolves to is in 127.0.0.0/8.</summary>
internal static class LoopbackTarget
{
    public static async Task<IPEndPoint> ResolveAsync(Uri url, CancellationToken cancellationToken)
    {
        if (url.Scheme is not ("http" or "ws"))
        {
            throw new RefusedTargetException($"refusing {url}: only http:// (or ws://) loopback URLs are supported");
        }

        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(url.Host.Trim('[', ']'), out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(url.Host, cancellationToken);
        }
        catch (SocketException e)
        {
            throw new RefusedTargetException($"refusing {url.Host}: it does not resolve ({e.SocketErrorCode})");
        }

        if (addresses.Length == 0)
        {
            throw new RefusedTargetException($"refusing {url.Host}: it resolves to no address");
        }

        foreach (var address in addresses)
        {
            if (!IsIPv4Loopback(address))
            {
                throw new RefusedTargetException(
                    $"refusing {url.Host}: it resolves to {address}, which is not in 127.0.0.0/8 (only IPv4 loopback targets are driven)");
            }
        }

        return new IPEndPoint(addresses[0].IsIPv4MappedToIPv6 ? addresses[0].MapToIPv4() : addresses[0], url.Port);
    }

    private static bool IsIPv4Loopback(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetwork && address.GetAddressBytes()[0] == 127;
    }
}
