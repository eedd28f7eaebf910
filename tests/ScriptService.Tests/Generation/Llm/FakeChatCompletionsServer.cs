using System.Net;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ScriptService.Tests.Generation.Llm;

/// <summary>Answers one chat-completions request.</summary>
internal delegate Task ChatResponder(HttpContext context, RecordedChatRequest request);

/// <summary>
/// A real Kestrel server on 127.0.0.1 (a free port) speaking the OpenAI chat-completions wire format at
/// <c>POST /v1/chat/completions</c>. Request <c>n</c> is answered by responder <c>n</c> (the last one answers the
/// rest); every request is recorded and signalled.
/// </summary>
internal sealed class FakeChatCompletionsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ChatResponder[] _responders;
    private readonly Channel<RecordedChatRequest> _received = Channel.CreateUnbounded<RecordedChatRequest>();
    private readonly List<RecordedChatRequest> _requests = [];

    private FakeChatCompletionsServer(ChatResponder[] responders)
    {
        _responders = responders;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        _app = builder.Build();
        _app.MapPost("/v1/chat/completions", HandleAsync);
    }

    /// <summary>The base URL to configure as <c>Endpoint</c> (<c>http://127.0.0.1:port/v1</c>).</summary>
    public Uri Endpoint { get; private set; } = null!;

    public IReadOnlyList<RecordedChatRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public static async Task<FakeChatCompletionsServer> StartAsync(params ChatResponder[] responders)
    {
        if (responders.Length == 0)
        {
            throw new ArgumentException("At least one responder is needed.", nameof(responders));
        }

        var server = new FakeChatCompletionsServer(responders);
        await server._app.StartAsync().DefaultTimeout();
        var address = server._app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        server.Endpoint = new Uri(address.TrimEnd('/') + "/v1");
        return server;
    }

    /// <summary>Waits for the next request the server receives (in arrival order).</summary>
    public Task<RecordedChatRequest> NextRequestAsync() => _received.Reader.ReadAsync().AsTask().DefaultTimeout();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().DefaultTimeout();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) ?? throw new InvalidOperationException("Empty body.");
        RecordedChatRequest request;
        lock (_requests)
        {
            request = new RecordedChatRequest(
                _requests.Count + 1,
                context.Request.Path.Value ?? string.Empty,
                context.Request.Headers.Authorization.ToString(),
                body);
            _requests.Add(request);
        }

        _received.Writer.TryWrite(request);
        await _responders[Math.Min(request.Number, _responders.Length) - 1](context, request);
    }
}
