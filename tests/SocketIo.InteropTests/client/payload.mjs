// Scenario 6: the server's MaxPayload (sent in the handshake as maxPayload). `node payload.mjs <url> <mode> <run>
// <under> <over>`: a text event whose Engine.IO packet is `under` bytes long reaches the server (which says so with
// "big-received"), and so does a binary attachment that fits; then an event whose packet is `over` bytes long is
// refused: the connection closes. (`_maxPayload` is engine.io-client's copy of the handshake's value.)
import { main, once, out, transportOf } from "../../TestUtilities/node/client.mjs";
import { connect, rest } from "./scenario.mjs";

const under = Number(rest[0]);
const over = Number(rest[1]);

// `42["big","<n characters>"]` is n + 12 bytes: the Engine.IO message type, then the Socket.IO packet. (No ack: an
// ack id would add its digits to the packet.)
const textOfPacketLength = (length) => "x".repeat(length - '42["big",""]'.length);

main(async () => {
  const socket = await connect("/");
  const maxPayload = socket.io.engine._maxPayload;

  const received = once(socket, "big-received");
  socket.emit("big", textOfPacketLength(under));
  const [underReceived] = await received;

  // Over polling a binary attachment travels base64-encoded (4 bytes for 3): size it to fit either way.
  const blobLength = transportOf(socket) === "websocket" ? under - 100 : Math.floor(((under - 100) * 3) / 4);
  const binaryAck = await socket.timeout(15000).emitWithAck("big-binary", Buffer.alloc(blobLength, 7));
  out("under", { maxPayload, packetLength: under, received: underReceived, blobLength, binaryAck, transport: transportOf(socket) });

  const disconnected = once(socket, "disconnect");
  let receivedOver = null;
  socket.on("big-received", (length) => {
    receivedOver = length;
  });
  socket.emit("big", textOfPacketLength(over));
  const [reason, description] = await disconnected;
  out("over", { packetLength: over, reason, description: String(description?.message ?? description ?? ""), receivedOver, connected: socket.connected });
});
