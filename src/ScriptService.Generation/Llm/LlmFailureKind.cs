namespace ScriptService.Generation.Llm;

/// <summary>What kind of failure one attempt to call the model ended in.</summary>
internal enum LlmFailureKind
{
    /// <summary>The attempt took longer than the request timeout (or the client's own timeout fired). Retried.</summary>
    Timeout,

    /// <summary>No HTTP response: connection refused or reset, DNS failure. Retried.</summary>
    Network,

    /// <summary>HTTP 408, 429 or 5xx. Retried.</summary>
    TransientStatus,

    /// <summary>Any other HTTP error status (400, 401, 403, 404, 422, …). Not retried.</summary>
    RejectedStatus,

    /// <summary>A successful status whose body the client could not read as a chat completion. Not retried.</summary>
    InvalidResponse,
}
