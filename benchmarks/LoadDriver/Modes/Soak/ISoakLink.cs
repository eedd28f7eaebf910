namespace LoadDriver.Modes.Soak;

/// <summary>One soak connection over one of the <see cref="SoakTransport"/>s; its packets go to the handler it was
/// made with.</summary>
internal interface ISoakLink
{
    /// <summary>Connects and joins the default namespace; null on success, otherwise the reason (the link is then
    /// closed). Never throws.</summary>
    Task<string?> ConnectAsync(CancellationToken cancellationToken);

    /// <summary>Sends one Engine.IO packet, e.g. <c>42["register",...]</c>.</summary>
    ValueTask SendAsync(string packet);

    /// <summary>Closes from our side; not counted as a drop.</summary>
    Task CloseAsync();
}
