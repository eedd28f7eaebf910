// The msgpack parser (socket.io-msgpack-parser, pinned in package.json) against a server configured with
// SocketIoParser.MessagePack. `node msgpack.mjs <url> <mode> <run>` runs, over one transport setup: events with JSON
// and binary values both ways (a Buffer is MessagePack bin, a Uint8Array notepack's ArrayBuffer extension), acks both
// ways, a second namespace on the same connection, a room broadcast that reaches its members only, the server's and
// the client's disconnects, and a reconnection after the connection is lost.
import parser from "socket.io-msgpack-parser";
import { bytes, connected, main, once, out, transportOf, transportOptions, upgraded } from "../../TestUtilities/node/client.mjs";
import { Manager, mode, run, url } from "./scenario.mjs";

const fastReconnection = { reconnection: true, reconnectionDelay: 50, reconnectionDelayMax: 100, randomizationFactor: 0 };

async function open(nsp, role, { manager, setup, ...options } = {}) {
  manager ??= new Manager(url, { ...transportOptions(mode), parser, autoConnect: false, reconnection: false, ...options });
  const socket = manager.socket(nsp, { auth: { run, role } });
  setup?.(socket);
  socket.connect();
  await connected(socket);
  if (mode === "upgrade") {
    await upgraded(manager);
  }

  return socket;
}

main(async () => {
  // Events and acks on "/", then "/custom" on the same connection.
  let welcome;
  const home = await open("/", "main", { setup: (s) => (welcome = once(s, "welcome")) });
  const [info, number, fraction, text, nothing, flag, blob] = await welcome;
  out("welcome", { info, number, fraction, text, nothing, flag, blobIsBuffer: Buffer.isBuffer(blob), blob: bytes(blob) });

  const fromServer = once(home, "binary-from-server");
  home.emit("json", { a: 1, list: [true, null, "x"], nested: { deep: "héllo ✓" } }, 3.5, "plain", -7, 2 ** 40);
  home.emit("binary", Buffer.from([0, 1, 2, 253, 254, 255]), { label: "nested", file: Buffer.from("hello") }, "tail", new Uint8Array([9, 8, 7]));
  home.emit("give-binary");
  const [serverBlob, wrapped, after] = await fromServer;
  out("binary-from-server", {
    blobIsBuffer: Buffer.isBuffer(serverBlob),
    blob: bytes(serverBlob),
    wrappedName: wrapped?.name,
    wrappedIsBuffer: Buffer.isBuffer(wrapped?.data),
    wrapped: bytes(wrapped?.data),
    after,
  });

  const sum = await home.timeout(10000).emitWithAck("sum", 2, 3);
  const echoed = await home.timeout(10000).emitWithAck("echo-binary", Buffer.from([5, 6, 7]));
  out("acks", { sum, echoedIsBuffer: Buffer.isBuffer(echoed), echoed: bytes(echoed) });
  home.on("ask", (question, data, callback) => callback({ answer: question.toUpperCase(), length: data.length }, Buffer.from([1, 2])));
  home.emit("ask-me");

  const custom = await open("/custom", "custom", { manager: home.io });
  const where = await custom.timeout(10000).emitWithAck("where");
  out("custom", { where, sameConnection: custom.io === home.io });

  // A room: two members and one outsider. "after" goes to everyone after the room's broadcast, so an outsider that
  // got the broadcast would have got it before "after".
  const members = [await open("/", "member"), await open("/", "member")];
  const outsider = await open("/", "outsider");
  for (const member of members) {
    await member.timeout(10000).emitWithAck("join", "room-1");
  }

  let outsiderGotShout = false;
  outsider.on("shouted", () => (outsiderGotShout = true));
  const shouts = members.map((m) => once(m, "shouted"));
  const outsiderAfter = once(outsider, "after");
  members[0].emit("shout", "room-1", "to the room", Buffer.from([3, 1, 4]));
  const received = (await Promise.all(shouts)).map(([message, data]) => ({ message, data: bytes(data) }));
  await outsiderAfter;
  out("rooms", { received, outsiderGotShout });

  // Disconnects: the server's, then the client's.
  const kicked = await open("/", "kick");
  const kickedDisconnect = once(kicked, "disconnect");
  kicked.emit("kick-me");
  const [kickReason] = await kickedDisconnect;
  const leaving = await open("/", "leave");
  const leavingId = leaving.id;
  leaving.disconnect();
  out("disconnects", { kickReason, kickedActive: kicked.active, leavingId });

  // The connection is lost: the client reconnects on its own, and events flow again.
  const again = await open("/", "again", { ...fastReconnection });
  const firstId = again.id;
  const lost = once(again, "disconnect");
  const back = once(again, "connect");
  again.io.engine.close();
  const [lostReason] = await lost;
  await back;
  if (mode === "upgrade") {
    await upgraded(again.io);
  }

  const afterReconnect = await again.timeout(10000).emitWithAck("sum", 20, 22);
  out("reconnect", { firstId, secondId: again.id, lostReason, afterReconnect, transport: transportOf(again) });
  again.disconnect();

  out("transport", { name: transportOf(home) });
  for (const socket of [home, custom, ...members, outsider]) {
    socket.disconnect();
  }
});
