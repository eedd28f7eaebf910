using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ScriptService.Tests.Generation.Llm;

/// <summary>Responders for <see cref="FakeChatCompletionsServer"/>.</summary>
internal static class Replies
{
    /// <summary>A <c>chat.completion</c> whose only choice's message content is <paramref name="content"/>.</summary>
    public static ChatResponder Completion(string content, string finishReason = "stop") => async (context, request) =>
    {
        var completion = new JsonObject
        {
            ["id"] = $"chatcmpl-test-{request.Number}",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = request.Model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content, ["refusal"] = null },
                ["logprobs"] = null,
                ["finish_reason"] = finishReason,
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 321, ["completion_tokens"] = 123, ["total_tokens"] = 444 },
        };
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(completion.ToJsonString());
    };

    /// <summary>A completion whose content is the JSON object the generator asks for.</summary>
    public static ChatResponder Script(string title, string description, string script) =>
        Completion(new JsonObject { ["title"] = title, ["description"] = description, ["script"] = script }.ToJsonString());

    /// <summary>An OpenAI-style error response with <paramref name="status"/> and an optional <c>Retry-After</c>.</summary>
    public static ChatResponder Error(int status, string? retryAfter = null, string message = "provider internal detail") => async (context, _) =>
    {
        context.Response.StatusCode = status;
        if (retryAfter is not null)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        context.Response.ContentType = "application/json";
        var error = new JsonObject
        {
            ["error"] = new JsonObject { ["message"] = message, ["type"] = "test_error", ["param"] = null, ["code"] = null },
        };
        await context.Response.WriteAsync(error.ToJsonString());
    };

    /// <summary>Never answers: holds the request until the client aborts it, then completes <see cref="RecordedChatRequest.Aborted"/>.</summary>
    public static ChatResponder Hang() => async (context, request) =>
    {
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            request.Aborted.TrySetResult();
        }
    };

    /// <summary>Drops the connection without a response.</summary>
    public static ChatResponder Drop() => (context, _) =>
    {
        context.Abort();
        return Task.CompletedTask;
    };

}
