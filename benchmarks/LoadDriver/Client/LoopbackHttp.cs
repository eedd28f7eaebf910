using System.Net;
using System.Net.Sockets;

namespace LoadDriver.Client;

/// <summary>An <see cref="HttpClient"/> whose connections are bound to source addresses of their own.</summary>
internal static class LoopbackHttp
{
    /// <summary>Connection <c>i</c> of the client binds to <paramref name="sourceAddress"/>(i), so that thousands of
    /// requests never run out of ephemeral ports on one address.</summary>
    public static HttpClient Create(string baseAddress, Func<int, IPAddress> sourceAddress)
    {
        var next = -1;
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            ConnectCallback = async (connectContext, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    socket.Bind(new IPEndPoint(sourceAddress(Interlocked.Increment(ref next)), 0));
                    await socket.ConnectAsync(connectContext.DnsEndPoint, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        return new HttpClient(handler) { BaseAddress = new Uri(baseAddress), Timeout = Timeout.InfiniteTimeSpan };
    }
}
