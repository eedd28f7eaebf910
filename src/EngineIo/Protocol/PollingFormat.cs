namespace EngineIo.Protocol;

/// <summary>How a session's polling payloads are encoded, decided once, by its handshake.</summary>
internal enum PollingFormat : byte
{
    /// <summary>Protocol v4: records separated by 0x1e, binary as <c>b</c> and base64.</summary>
    V4,

    /// <summary>
    /// Protocol v3 for a client that cannot take binary (it sent <c>b64</c>): <c>&lt;length&gt;:&lt;packet&gt;</c>
    /// records, binary as <c>b4</c> and base64.
    /// </summary>
    V3Text,

    /// <summary>
    /// Protocol v3 for a client with binary (XHR2) support: text records as in <see cref="V3Text"/>, or, when a
    /// payload holds binary, the binary payload format.
    /// </summary>
    V3Binary,

    /// <summary>Protocol v3 over JSONP: the text payload as a JavaScript string in a call to <c>___eio[n]</c>.</summary>
    V3Jsonp,
}
