using Microsoft.Extensions.Options;

namespace SocketIo.Admin;

/// <summary>
/// Present in the container only when <c>AddSocketIoAdmin</c> was called: the server then builds its instrumentation,
/// and without it the server's hooks stay null and cost nothing.
/// </summary>
internal sealed class AdminRegistration(IOptions<SocketIoAdminOptions> options)
{
    public SocketIoAdminOptions Options { get; } = options.Value;
}
