namespace SocketIo;

/// <summary>
/// Settings of the <c>@socket.io/admin-ui</c> dashboard protocol (<c>AddSocketIoAdmin</c>). The dashboard is a web page
/// served from another origin (https://admin.socket.io, or its files on any static server); it connects to the admin
/// namespace with the credentials typed into its connection form.
/// </summary>
public sealed class SocketIoAdminOptions
{
    /// <summary>The namespace the dashboard connects to. Default <c>/admin</c>, as in the reference.</summary>
    public string Namespace { get; set; } = "/admin";

    /// <summary>The user name the dashboard must present. Default <c>admin</c>.</summary>
    public string Username { get; set; } = "admin";

    /// <summary>
    /// The bcrypt hash (<c>$2a$</c>, <c>$2b$</c> or <c>$2y$</c>) of the password the dashboard must present, e.g.
    /// <c>BCrypt.Net.BCrypt.HashPassword("secret")</c> or <c>htpasswd -bnBC 10 "" secret</c>. Default null: then
    /// <see cref="AllowAnonymous"/> must be set, so that an open dashboard is always a choice, never an omission.
    /// </summary>
    public string? PasswordHash { get; set; }

    /// <summary>
    /// Lets any client in without credentials (the reference's <c>auth: false</c>). Anyone who reaches the server can
    /// then watch every socket and, unless <see cref="ReadOnly"/>, disconnect them. Default false.
    /// </summary>
    public bool AllowAnonymous { get; set; }

    /// <summary>Offers the dashboard no command (emit, join, leave, disconnect): it can only watch. Default false.</summary>
    public bool ReadOnly { get; set; }

    /// <summary>
    /// Whether every socket's connection, rooms and events are sent to the dashboards as they happen
    /// (<see cref="SocketIoAdminMode.Development"/>, the reference's default), or only the aggregated statistics
    /// (<see cref="SocketIoAdminMode.Production"/>). Default <see cref="SocketIoAdminMode.Development"/>.
    /// </summary>
    public SocketIoAdminMode Mode { get; set; } = SocketIoAdminMode.Development;

    /// <summary>
    /// How this server is named on the dashboard, which lists each server of a cluster by it. Default null:
    /// <c>hostname#pid</c>, so that several servers on one host stay apart.
    /// </summary>
    public string? ServerId { get; set; }

    /// <summary>How often each server sends its statistics to the dashboards. Default 2 s, as in the reference.</summary>
    public TimeSpan StatsInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long the session id given to a dashboard after a successful login lets it reconnect without the password
    /// (the dashboard keeps it across reloads). At most 1024 sessions are kept; the oldest goes first. Default 24 h.
    /// </summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(24);

    internal void Validate()
    {
        if (string.IsNullOrEmpty(Namespace) || Namespace[0] != '/')
        {
            throw new InvalidOperationException("SocketIoAdminOptions: Namespace must start with '/'.");
        }

        if (PasswordHash is null && !AllowAnonymous)
        {
            throw new InvalidOperationException("SocketIoAdminOptions: set PasswordHash (a bcrypt hash), or AllowAnonymous = true to run the dashboard without authentication.");
        }

        if (PasswordHash is not null && !Admin.AdminAuthenticator.IsBcryptHash(PasswordHash))
        {
            throw new InvalidOperationException("SocketIoAdminOptions: PasswordHash must be a valid bcrypt hash.");
        }

        if (StatsInterval <= TimeSpan.Zero || SessionLifetime <= TimeSpan.Zero)
        {
            throw new InvalidOperationException("SocketIoAdminOptions: StatsInterval and SessionLifetime must be positive.");
        }
    }
}
