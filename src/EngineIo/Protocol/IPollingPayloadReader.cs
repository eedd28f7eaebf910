namespace EngineIo.Protocol;

/// <summary>A reader of a polling POST body's packets, of either protocol revision.</summary>
internal interface IPollingPayloadReader
{
    /// <summary>
    /// Reads the next packet. Returns false at the end of the payload, or with <paramref name="malformed"/> set, in which
    /// case the rest of the payload is not read.
    /// </summary>
    bool TryRead(out EnginePacket packet, out bool malformed);
}
