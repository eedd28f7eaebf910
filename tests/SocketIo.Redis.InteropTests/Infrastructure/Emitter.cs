using System.Text.Json.Nodes;

namespace SocketIo.Redis.InteropTests.Infrastructure;

/// <summary><c>node/emitter.mjs</c>: one operation published through @socket.io/redis-emitter 5.1.0 (uid <c>emitter</c>).</summary>
internal static class Emitter
{
    /// <summary>Publishes the operation and returns once the script exited, that is once Redis has the message.</summary>
    public static async Task PublishAsync(string redis, JsonObject operation)
    {
        await using var process = NodeProcess.Start("emitter.mjs", "--redis", redis, operation.ToJsonString());
        var code = await process.WaitForExitAsync();
        Assert.True(code == 0, $"emitter.mjs exited with {code}.{process.Describe()}");
    }
}
