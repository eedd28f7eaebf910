using System.Buffers;
using System.Text.Json;
using SocketIo.Protocol;

namespace SocketIo.Internal;

/// <summary>
/// Runs a client's EVENT or BINARY_EVENT on its socket. As in the reference, handlers start in the order packets
/// arrive but a handler that awaits does not hold back the packets after it, so an acknowledgement it waits for can
/// arrive meanwhile; each event counts as a handler in progress of its connection until its handlers are done.
/// </summary>
internal static partial class EventDispatcher
{
    /// <summary>
    /// Starts the event's handlers, or returns false if the payload is malformed. The payload is copied into a pooled
    /// buffer because the handlers may outlive the engine's.
    /// </summary>
    public static bool TryStart(SocketIoClient client, SocketIoSocket socket, long ackId, ReadOnlyMemory<byte> payload, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(payload.Length);
        payload.Span.CopyTo(buffer);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.AsMemory(0, payload.Length));
        }
        catch (JsonException)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            return false;
        }

        if (attachments.Count > 0 && !BinaryAttachments.PlaceholdersFit(document.RootElement, attachments.Count))
        {
            document.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
            return false;
        }

        client.BeginHandler();
        SocketIoClient.Observe(RunAsync(client, socket, ackId, document, buffer, attachments));
        return true;
    }

    private static async ValueTask RunAsync(SocketIoClient client, SocketIoSocket socket, long ackId, JsonDocument document, byte[] buffer, IReadOnlyList<ReadOnlyMemory<byte>> attachments)
    {
        var server = client.Server;
        var name = "?";
        try
        {
            var array = document.RootElement;
            var handlers = socket.FindHandlers(array[0], out name);

            if (ReservedEvents.IsReserved(name))
            {
                // The client library never sends these; a client that does is not speaking the protocol.
                client.ReportParseError();
                return;
            }

            server.Metrics.EventReceived();
            server.Admin?.OnEventReceived(socket, array);
            await socket.DispatchAsync(new SocketIoEvent(socket, name, array, attachments, ackId, server.JsonOptions), handlers);
        }
        catch (ArgumentBindingException ex)
        {
            // The client's arguments, not the application, are at fault: one line, no stack, and the connection stays.
            server.Metrics.EventRejected();
            Log.ArgumentsRejected(server.Logger, socket.Namespace.Name, name, socket.Id, ex.Message);
        }
        catch (Exception ex)
        {
            // A failing handler is the application's bug, not the client's: log it and keep the connection.
            server.OnHandlerFailed(socket.Namespace, name, ex);
        }
        finally
        {
            document.Dispose();
            ArrayPool<byte>.Shared.Return(buffer);
            client.EndHandler();
        }
    }
}
