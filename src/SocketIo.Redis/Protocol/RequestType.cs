namespace SocketIo.Redis.Protocol;

/// <summary>The request types of Node's adapter, by number on the wire.</summary>
internal enum RequestType
{
    Sockets = 0,
    AllRooms = 1,
    RemoteJoin = 2,
    RemoteLeave = 3,
    RemoteDisconnect = 4,
    RemoteFetch = 5,
    ServerSideEmit = 6,
    Broadcast = 7,
    BroadcastClientCount = 8,
    BroadcastAck = 9,
}
