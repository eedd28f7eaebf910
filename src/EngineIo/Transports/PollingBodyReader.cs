using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;

namespace EngineIo.Transports;

/// <summary>Reads a polling POST body into one pooled, contiguous buffer, refusing more than the payload limit.</summary>
internal static class PollingBodyReader
{
    /// <summary>
    /// Returns the body in a rented array (the caller returns it to <see cref="ArrayPool{T}.Shared"/>), or null with
    /// nothing rented if the body is longer than <paramref name="maxPayload"/>. Throws <see cref="TimeoutException"/> if
    /// the body takes longer than <paramref name="timeout"/> to arrive, counted from the first time the read has to wait:
    /// a body that is there whole at once (the usual case) costs no timer. The state machine is pooled: a body still on
    /// its way would otherwise cost an allocation per POST.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public static async ValueTask<(byte[]? Buffer, int Length)> ReadAsync(
        PipeReader reader, int maxPayload, long? contentLength, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(contentLength ?? 4096, 1, maxPayload));
        var length = 0;
        CancellationTokenSource? deadline = null;
        CancellationTokenRegistration aborted = default;
        try
        {
            while (true)
            {
                ReadResult result;
                if (deadline is null && reader.TryRead(out result))
                {
                    // Here already: no wait, no timer.
                }
                else
                {
                    if (deadline is null)
                    {
                        deadline = new CancellationTokenSource(timeout, timeProvider);
                        aborted = cancellationToken.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), deadline);
                    }

                    try
                    {
                        result = await reader.ReadAsync(deadline.Token);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        throw new TimeoutException("The request body did not arrive in time.");
                    }
                }

                var body = result.Buffer;
                if (length + body.Length > maxPayload)
                {
                    reader.AdvanceTo(body.End);
                    ArrayPool<byte>.Shared.Return(buffer);
                    return (null, 0);
                }

                if (length + body.Length > buffer.Length)
                {
                    var grown = ArrayPool<byte>.Shared.Rent((int)Math.Min(Math.Max(buffer.Length * 2L, length + body.Length), maxPayload));
                    buffer.AsSpan(0, length).CopyTo(grown);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = grown;
                }

                body.CopyTo(buffer.AsSpan(length));
                length += (int)body.Length;
                reader.AdvanceTo(body.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    return (buffer, length);
                }
            }
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
        finally
        {
            aborted.Dispose();
            deadline?.Dispose();
        }
    }
}
