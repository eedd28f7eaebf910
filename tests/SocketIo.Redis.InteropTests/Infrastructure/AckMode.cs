namespace SocketIo.Redis.InteropTests.Infrastructure;

/// <summary>How a member of <c>clients.mjs</c> answers the events that ask for an ack.</summary>
internal enum AckMode
{
    /// <summary><c>{client, event}</c>.</summary>
    Json,

    /// <summary>A Buffer of the client's name.</summary>
    Binary,

    /// <summary>Not at all.</summary>
    None,
}
