using System.Net;

namespace EngineIo.Tests.Infrastructure;

/// <summary>
/// A chunked request body that sends its first part at once and the rest only when the test says so, so that a test
/// can hold a POST open on the server.
/// </summary>
public sealed class GatedContent(byte[] first, byte[] rest) : HttpContent
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstSent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the first part has been written to the connection.</summary>
    public Task FirstPartSent => _firstSent.Task;

    /// <summary>Lets the rest of the body go.</summary>
    public void Release() => _release.TrySetResult();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(first, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        _firstSent.TrySetResult();
        await _release.Task.WaitAsync(cancellationToken);
        await stream.WriteAsync(rest, cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
