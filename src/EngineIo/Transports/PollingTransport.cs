using System.Buffers;
using System.IO.Pipelines;
using EngineIo.Internal;
using EngineIo.Protocol;
using Microsoft.AspNetCore.Http;

namespace EngineIo.Transports;

/// <summary>
/// HTTP long-polling: a GET waits for queued packets and returns them all as one payload; a POST delivers the
/// client's packets. At most one of each per session at a time.
/// </summary>
internal static partial class PollingTransport
{
    private const string PayloadContentType = "text/plain; charset=UTF-8";
    private const string BinaryPayloadContentType = "application/octet-stream";
    private static readonly byte[] _okBody = "ok"u8.ToArray();
    private static readonly TimeSpan _upgradeNoopDelay = TimeSpan.FromMilliseconds(50);

    private static readonly OutboundPacket[] _closePayload = [OutboundPacket.Control(EnginePacketType.Close)];
    private static readonly OutboundPacket[] _noopPayload = [OutboundPacket.Control(EnginePacketType.Noop)];

    /// <summary>Answers the handshake GET with the open packet alone, as the reference does.</summary>
    public static ValueTask<FlushResult> WriteOpenPacketAsync(HttpContext context, EngineIoSession session, ReadOnlyMemory<byte> openPacketData)
    {
        ReadOnlySpan<OutboundPacket> packets = [new OutboundPacket(EnginePacketType.Open, openPacketData, isBinary: false)];
        return WritePayloadAsync(context.Response, session, packets);
    }

    public static async Task HandleGetAsync(HttpContext context, EngineIoSession session)
    {
        switch (session.TryBeginPoll())
        {
            case PollingClaim.WrongTransport:
                await EngineErrorResponses.WriteAsync(context.Response, EngineErrorCode.BadRequest);
                return;
            case PollingClaim.Overlap:
                // The reference closes the session; its pending GET is then answered with a close packet.
                Log.PollOverlap(session.Server.Logger, session.Id);
                session.Abort(EngineIoDisconnectReason.TransportError);
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
        }

        try
        {
            await PollAsync(context, session);
        }
        finally
        {
            // Usually done already, before the response went out; this covers the paths that write nothing.
            session.EndPoll();
        }
    }

    private static async Task PollAsync(HttpContext context, EngineIoSession session)
    {
        var aborted = context.RequestAborted;
        var signal = session.PollSignal;
        var timeProvider = session.Server.TimeProvider;
        using var registration = aborted.UnsafeRegister(static state => ((AsyncSignal)state!).Set(), signal);
        NoopRelease? noopRelease = null;
        try
        {
            while (true)
            {
                var count = session.DrainQueue(out var packets, out var held);
                if (count > 0)
                {
                    // The slot is free before the response leaves: the client polls again as soon as it has it.
                    session.EndPoll();
                    await WriteDrainedAsync(context.Response, session, packets!, count, held);
                    return;
                }

                if (session.IsClosed)
                {
                    // A client that closed the session itself gets a noop; any other close is told with a close packet.
                    var payload = session.CloseReason == EngineIoDisconnectReason.TransportClose ? _noopPayload : _closePayload;
                    session.EndPoll();
                    session.Forget();
                    await WritePayloadAsync(context.Response, session, payload);
                    return;
                }

                if (aborted.IsCancellationRequested)
                {
                    // The reference treats a poll the client gave up on as a broken transport.
                    session.Abort(EngineIoDisconnectReason.TransportError);
                    return;
                }

                if (session.Transport != EngineIoTransports.Polling)
                {
                    // The upgrade completed while this GET waited: from the client's side it came after the switch.
                    await EngineErrorResponses.WriteAsync(context.Response, EngineErrorCode.BadRequest);
                    return;
                }

                if (session.IsUpgrading)
                {
                    // Probed: release the poll with a noop so that the client can pause polling, but not at once, so
                    // that an upgrade packet already on its way is seen first (the reference ticks every 100 ms; a shorter
                    // wait keeps the release well clear of the next ping).
                    noopRelease ??= new NoopRelease(signal, timeProvider);
                    if (noopRelease.IsDue)
                    {
                        session.EndPoll();
                        await WritePayloadAsync(context.Response, session, _noopPayload);
                        return;
                    }
                }

                await signal.WaitAsync();
            }
        }
        finally
        {
            noopRelease?.Dispose();
        }
    }

    /// <summary>A timer that wakes a poll waiting out the upgrade, and remembers that it did (rare: upgrades only).</summary>
    private sealed class NoopRelease : IDisposable
    {
        private readonly AsyncSignal _signal;
        private readonly ITimer _timer;
        private volatile bool _isDue;

        public NoopRelease(AsyncSignal signal, TimeProvider timeProvider)
        {
            _signal = signal;
            _timer = timeProvider.CreateTimer(static state => ((NoopRelease)state!).Fire(), this, _upgradeNoopDelay, Timeout.InfiniteTimeSpan);
        }

        public bool IsDue => _isDue;

        private void Fire()
        {
            _isDue = true;
            _signal.Set();
        }

        public void Dispose() => _timer.Dispose();
    }

    /// <remarks>
    /// The packets count against the session's bound (<paramref name="held"/>) until the flush completes: a client that
    /// does not read its response keeps them, and the response's copy, in memory until then.
    /// </remarks>
    private static async Task WriteDrainedAsync(HttpResponse response, EngineIoSession session, OutboundPacket[] packets, int count, long held)
    {
        var closes = packets[count - 1].Type == EnginePacketType.Close;
        try
        {
            await WritePayloadAsync(response, session, packets.AsSpan(0, count));
        }
        finally
        {
            Array.Clear(packets, 0, count);
            ArrayPool<OutboundPacket>.Shared.Return(packets);
            session.EndWrite(held);
        }

        if (closes)
        {
            session.Abort(session.CloseReason);
        }
    }

    private static ValueTask<FlushResult> WritePayloadAsync(HttpResponse response, EngineIoSession session, ReadOnlySpan<OutboundPacket> packets)
    {
        var format = session.ProtocolInfo.PollingFormat;
        if (format != PollingFormat.V4)
        {
            return WriteV3PayloadAsync(response, session, packets, format);
        }

        var length = PollingPayloadWriter.GetLength(packets);
        session.Server.Metrics.PacketsSent(packets.Length, length);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = PayloadContentType;
        response.ContentLength = length;
        response.Headers.CacheControl = "no-store";
        PollingPayloadWriter.Write(packets, response.BodyWriter);
        return response.BodyWriter.FlushAsync();
    }

    /// <summary>
    /// Protocol v3: the text payload, the binary payload format when the client takes binary and the payload holds
    /// some, or the text payload in a JSONP call.
    /// </summary>
    private static ValueTask<FlushResult> WriteV3PayloadAsync(HttpResponse response, EngineIoSession session, ReadOnlySpan<OutboundPacket> packets, PollingFormat format)
    {
        if (format == PollingFormat.V3Jsonp)
        {
            return JsonpPayload.WriteAsync(response, session, packets);
        }

        var binary = PollingPayloadWriterV3.UsesBinaryFormat(packets, format);
        var length = PollingPayloadWriterV3.GetLength(packets, binary);
        session.Server.Metrics.PacketsSent(packets.Length, length);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = binary ? BinaryPayloadContentType : PayloadContentType;
        response.ContentLength = length;
        response.Headers.CacheControl = "no-store";
        PollingPayloadWriterV3.Write(packets, response.BodyWriter, binary);
        return response.BodyWriter.FlushAsync();
    }

    public static async Task HandlePostAsync(HttpContext context, EngineIoSession session)
    {
        var request = context.Request;
        var response = context.Response;
        var binaryBody = string.Equals(request.ContentType, BinaryPayloadContentType, StringComparison.OrdinalIgnoreCase);
        if (binaryBody && !session.ProtocolInfo.IsV3)
        {
            // Binary bodies belong to protocol v3; in v4 the reference treats them as a broken transport.
            session.Abort(EngineIoDisconnectReason.TransportError);
            response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        switch (session.TryBeginPost())
        {
            case PollingClaim.WrongTransport:
                await EngineErrorResponses.WriteAsync(response, EngineErrorCode.BadRequest);
                return;
            case PollingClaim.Overlap:
                session.Abort(EngineIoDisconnectReason.TransportError);
                response.StatusCode = StatusCodes.Status400BadRequest;
                return;
        }

        try
        {
            await ReceiveAsync(context, session, binaryBody);
        }
        catch (TimeoutException)
        {
            // A body that trickles holds the request, its buffer and the session's POST slot for as long as the client
            // likes: Kestrel's minimum data rate alone lets a full payload take an hour. What came is not delivered,
            // so the session cannot go on as if nothing happened.
            Log.RequestBodyTimedOut(session.Server.Logger, session.Id, session.Server.Options.RequestBodyTimeout);
            session.Abort(EngineIoDisconnectReason.TransportError);
            response.StatusCode = StatusCodes.Status408RequestTimeout;
            response.Headers.Connection = "close";
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or BadHttpRequestException)
        {
            // The client went away mid-body.
            session.OnTransportFailed(ex);
        }
        finally
        {
            session.EndPost();
        }
    }

    private static async Task ReceiveAsync(HttpContext context, EngineIoSession session, bool binaryBody)
    {
        var request = context.Request;
        var response = context.Response;
        var maxPayload = session.Server.Options.MaxPayload;
        if (request.ContentLength > maxPayload)
        {
            // Like the reference: the body is refused but the session lives on.
            response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        var options = session.Server.Options;
        var (buffer, length) = await PollingBodyReader.ReadAsync(
            request.BodyReader, maxPayload, request.ContentLength, options.RequestBodyTimeout, session.Server.TimeProvider, context.RequestAborted);
        if (buffer is null)
        {
            Log.PayloadTooLarge(session.Server.Logger, session.Id, maxPayload);
            response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        try
        {
            var delivered = session.ProtocolInfo.PollingFormat switch
            {
                PollingFormat.V4 => await DeliverAsync(session, new PollingPayloadReader(buffer.AsMemory(0, length))),
                PollingFormat.V3Jsonp when !binaryBody => await DeliverAsync(
                    session, new PollingPayloadReaderV3(JsonpPayload.DecodeBody(buffer.AsMemory(0, length)), binaryFormat: false)),
                _ => await DeliverAsync(session, new PollingPayloadReaderV3(buffer.AsMemory(0, length), binaryBody)),
            };
            if (!delivered)
            {
                session.OnParseError();
                await EngineErrorResponses.WriteAsync(response, EngineErrorCode.BadRequest);
                return;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/html";
        response.ContentLength = _okBody.Length;
        response.Headers.CacheControl = "no-store";
        await response.Body.WriteAsync(_okBody);
    }

    /// <summary>Hands the payload's packets to the session in order; false if the payload is malformed.</summary>
    /// <remarks>Generic over the reader (a struct), so either revision's reader is called without boxing.</remarks>
    private static async ValueTask<bool> DeliverAsync<TReader>(EngineIoSession session, TReader reader)
        where TReader : struct, IPollingPayloadReader
    {
        while (reader.TryRead(out var packet, out var malformed) || malformed)
        {
            if (malformed)
            {
                return false;
            }

            if (!await session.ReceiveAsync(packet))
            {
                break;
            }
        }

        return true;
    }
}
