namespace SocketIo.Internal.ClientBundle;

/// <summary>How a client bundle file is sent: as it is, or in one of the encodings the reference offers.</summary>
internal enum ContentCoding
{
    Identity,
    Brotli,
    Gzip,
}
