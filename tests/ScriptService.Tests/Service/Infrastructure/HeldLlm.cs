using ScriptService.Tests.Generation.Llm;

namespace ScriptService.Tests.Service.Infrastructure;

/// <summary>
/// A fake chat-completions server (<see cref="FakeChatCompletionsServer"/>) that holds every request until the test
/// releases them, then answers each with a script; a held request the service abandons completes its
/// <see cref="RecordedChatRequest.Aborted"/>.
/// </summary>
internal sealed class HeldLlm : IAsyncDisposable
{
    public const string Title = "Held answer";

    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private FakeChatCompletionsServer _server = null!;

    public Uri Endpoint => _server.Endpoint;

    public FakeChatCompletionsServer Server => _server;

    public static async Task<HeldLlm> StartAsync()
    {
        var held = new HeldLlm();
        held._server = await FakeChatCompletionsServer.StartAsync(held.RespondAsync);
        return held;
    }

    /// <summary>The next request the server received (in arrival order), while it is held.</summary>
    public Task<RecordedChatRequest> NextRequestAsync() => _server.NextRequestAsync();

    /// <summary>Lets every held request, and every later one, be answered.</summary>
    public void Release() => _gate.TrySetResult();

    public async ValueTask DisposeAsync()
    {
        Release();
        await _server.DisposeAsync();
    }

    private async Task RespondAsync(Microsoft.AspNetCore.Http.HttpContext context, RecordedChatRequest request)
    {
        try
        {
            await _gate.Task.WaitAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            request.Aborted.TrySetResult();
            return;
        }

        await Replies.Script(Title, "A held description.", "A held script, released by the test.")(context, request);
    }
}
