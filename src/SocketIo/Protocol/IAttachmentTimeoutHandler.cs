namespace SocketIo.Protocol;

/// <summary>The connection whose binary packet did not get its attachments in time, which it must close.</summary>
internal interface IAttachmentTimeoutHandler
{
    /// <summary>Called once for the packet that expired, on the timer's thread.</summary>
    void OnAttachmentTimeout();
}
