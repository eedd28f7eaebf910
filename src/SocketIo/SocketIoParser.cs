namespace SocketIo;

/// <summary>
/// How a server's packets are written on the wire. Every client of the server must use the same parser: a client of
/// the other kind cannot join any namespace.
/// </summary>
public enum SocketIoParser
{
    /// <summary>
    /// The default Socket.IO parser (<c>socket.io-parser</c>): a text message per packet, with each binary value as an
    /// attachment message after it.
    /// </summary>
    Default = 0,

    /// <summary>
    /// <c>socket.io-msgpack-parser</c>: each packet is one binary message, the packet object
    /// (<c>{type, nsp, data, id}</c>) in MessagePack, binary values inline. Clients opt in with
    /// <c>io(url, { parser: require("socket.io-msgpack-parser") })</c>.
    /// </summary>
    MessagePack = 1,
}
