namespace SocketIo.Internal;

/// <summary>Something waiting for an acknowledgement: one emit's task, or a broadcast's collector.</summary>
internal interface IPendingAck
{
    void Complete(SocketIoAckResponse response);

    void Fail(Exception error);
}
