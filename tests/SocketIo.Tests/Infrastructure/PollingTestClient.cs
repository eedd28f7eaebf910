using System.Net;
using System.Text;
using System.Text.Json;

namespace SocketIo.Tests.Infrastructure;

/// <summary>
/// A raw Socket.IO client over HTTP long-polling. Between its requests no poll is pending, so the server cannot
/// write to it: that is what makes a connection not writable for volatile packets.
/// </summary>
public sealed class PollingTestClient
{
    private readonly HttpClient _http;

    private PollingTestClient(HttpClient http, string engineId)
    {
        _http = http;
        EngineId = engineId;
    }

    public string EngineId { get; }

    private string Url => $"{SocketIoTestServer.Path}/?EIO=4&transport=polling&sid={EngineId}";

    /// <summary>Opens a polling session (the handshake GET).</summary>
    public static async Task<PollingTestClient> OpenAsync(HttpClient http)
    {
        using var response = await http.GetAsync($"{SocketIoTestServer.Path}/?EIO=4&transport=polling").DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("0", body);
        using var json = JsonDocument.Parse(body.AsMemory(1));
        return new PollingTestClient(http, json.RootElement.GetProperty("sid").GetString()!);
    }

    /// <summary>Posts Socket.IO packets, each as an Engine.IO message, in one payload.</summary>
    public Task SendAsync(params string[] packets) => PostAsync(string.Join('\u001e', packets.Select(static packet => "4" + packet)));

    /// <summary>Posts a payload as it is: Engine.IO packets separated by <c>\x1e</c> (binary ones as <c>b</c> + base64).</summary>
    public async Task PostAsync(string body)
    {
        using var response = await _http.PostAsync(Url, new StringContent(body, Encoding.UTF8, "text/plain")).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }

    /// <summary>One poll: the Engine.IO packets the server had queued (or the next one it sends).</summary>
    public async Task<string[]> PollAsync()
    {
        using var response = await _http.GetAsync(Url).DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadAsStringAsync()).Split('\u001e');
    }
}
