namespace EngineIo.Protocol;

/// <summary>The error codes an Engine.IO server answers a refused request with, as the reference numbers them.</summary>
internal enum EngineErrorCode
{
    UnknownTransport = 0,
    UnknownSid = 1,
    BadHandshakeMethod = 2,
    BadRequest = 3,
    Forbidden = 4,
    UnsupportedProtocolVersion = 5,
}
