// Scenario 5: disconnects. `node disconnect.mjs <url> <mode> <run> <kick|close|drop|leave>`
// "kick":  the server disconnects the socket from its namespace → "io server disconnect", and no reconnection.
// "close": the server says "goodbye", then disconnects the socket and closes the whole connection, which also holds a
//          socket of "/other" → "goodbye" arrives, both sockets get "io server disconnect" (as from the reference
//          server), nothing reconnects.
// "drop":  the server cuts the connection's HTTP requests / WebSocket (a network failure) → the client sees the
//          transport go, reconnects on its own and gets a new socket id.
// "leave": the client disconnects its socket → the server hears it as such.
import { connected, main, once, out, transportOf, transportOptions, upgraded } from "../../TestUtilities/node/client.mjs";
import { connect, Manager, mode, rest, run, url } from "./scenario.mjs";

const scenario = rest[0];
const fastReconnection = { reconnection: true, reconnectionDelay: 50, reconnectionDelayMax: 100, randomizationFactor: 0 };

async function kick() {
  // Reconnection is on: an "io server disconnect" must still not bring the socket back.
  const socket = await connect("/", { auth: { role: "kick" }, ...fastReconnection });
  const id = socket.id;
  const disconnected = once(socket, "disconnect");
  socket.emit("kick-me");
  const [reason] = await disconnected;
  out("kicked", { id, reason, connected: socket.connected, active: socket.active });
}

async function close() {
  const manager = new Manager(url, { ...transportOptions(mode), autoConnect: false, ...fastReconnection });
  const sockets = ["/", "/other"].map((nsp) => manager.socket(nsp, { auth: { run, role: "close" } }));
  for (const socket of sockets) {
    socket.connect();
    await connected(socket);
  }

  if (mode === "upgrade") {
    await upgraded(manager);
  }

  const ids = sockets.map((s) => s.id);
  // The server says goodbye just before it closes: the event must arrive before the disconnect.
  const events = [];
  sockets[0].on("goodbye", (text) => events.push(`goodbye: ${text}`));
  const disconnects = sockets.map((s) => once(s, "disconnect").then((args) => (events.push(`disconnect ${s.nsp}`), args)));
  const managerClosed = once(manager, "close");
  sockets[0].emit("close-me");
  const reasons = (await Promise.all(disconnects)).map(([reason]) => reason);
  // Both sockets are gone, so the Manager closes its connection and stays closed. The Manager's "close" comes before
  // it closes its engine, and a polling engine with a request of its own in flight (a pong) is "closing" until that
  // request ends: wait for the engine too.
  await managerClosed;
  if (manager.engine.readyState !== "closed") {
    await once(manager.engine, "close");
  }
  out("closed", {
    ids,
    reasons,
    events,
    active: sockets.map((s) => s.active),
    engineState: manager.engine.readyState,
    managerState: manager._readyState,
  });
}

async function drop() {
  // The run also goes in the query string of every HTTP request and of the WebSocket, so the server can find them.
  const socket = await connect("/", { auth: { role: "drop" }, query: { run }, ...fastReconnection });
  const firstId = socket.id;
  const firstTransport = transportOf(socket);
  const disconnected = once(socket, "disconnect");
  const reconnected = once(socket, "connect");
  socket.emit("drop-me");
  const [reason] = await disconnected;
  const activeAfterDrop = socket.active;
  await reconnected;
  if (mode === "upgrade") {
    await upgraded(socket.io);
  }

  out("dropped", { firstId, firstTransport, reason, activeAfterDrop, secondId: socket.id, secondTransport: transportOf(socket) });
  socket.disconnect();
}

async function leave() {
  const socket = await connect("/", { auth: { role: "leave" } });
  const id = socket.id;
  // The Manager closes its connection once its last socket leaves; the engine sends what it had queued (the
  // DISCONNECT packet) before it closes. (The Manager's own "close" comes at once, before that.)
  const engineClosed = once(socket.io.engine, "close");
  socket.disconnect();
  const [engineCloseReason] = await engineClosed;
  out("left", { id, engineCloseReason });
}

const scenarios = { kick, close, drop, leave };

main(async () => {
  if (!(scenario in scenarios)) {
    throw new Error(`unknown scenario ${scenario}`);
  }

  await scenarios[scenario]();
});
