using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SocketIo.Admin;

/// <summary>
/// The admin namespace's middleware: a dashboard gets in with a session id it was given, or with the user name and a
/// password that matches the bcrypt hash; it then gets a new session id. Anything else is refused with
/// "invalid credentials", the message the dashboard recognises.
/// </summary>
internal sealed class AdminAuthenticator(SocketIoAdminOptions options, AdminSessionStore sessions)
{
    /// <summary>The key under which a new session id waits in the socket's items until it is sent.</summary>
    internal static readonly object SessionKey = new();

    internal const string InvalidCredentials = "invalid credentials";

    /// <summary>
    /// A bcrypt check costs the CPU tens of milliseconds by design; anyone can ask for one, so only two run at once and
    /// further attempts wait their turn rather than take every core (in the process, whatever the servers).
    /// </summary>
    private static readonly SemaphoreSlim _checks = new(2);
    private readonly byte[] _username = Encoding.UTF8.GetBytes(options.Username);

    public static bool IsBcryptHash(string hash)
    {
        try
        {
            BCrypt.Net.BCrypt.InterrogateHash(hash);
            return true;
        }
        catch (Exception ex) when (ex is BCrypt.Net.SaltParseException or BCrypt.Net.HashInformationException or ArgumentException)
        {
            return false;
        }
    }

    public async ValueTask AuthenticateAsync(SocketIoSocket socket)
    {
        var auth = socket.Handshake.Auth;
        if (auth.ValueKind != JsonValueKind.Object)
        {
            throw new SocketIoConnectException(InvalidCredentials);
        }

        if (auth.TryGetProperty("sessionId", out var sessionId) && sessionId.ValueKind == JsonValueKind.String &&
            sessions.Exists(sessionId.GetString()!))
        {
            return;
        }

        if (auth.TryGetProperty("username", out var username) && username.ValueKind == JsonValueKind.String &&
            auth.TryGetProperty("password", out var password) && password.ValueKind == JsonValueKind.String &&
            CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(username.GetString()!), _username) &&
            await VerifyAsync(password.GetString()!))
        {
            socket.Items[SessionKey] = sessions.Create();
            return;
        }

        throw new SocketIoConnectException(InvalidCredentials);
    }

    private async Task<bool> VerifyAsync(string password)
    {
        await _checks.WaitAsync();
        try
        {
            // Off the connection's reader: the check is CPU-bound and long.
            return await Task.Run(() => BCrypt.Net.BCrypt.Verify(password, options.PasswordHash));
        }
        finally
        {
            _checks.Release();
        }
    }
}
