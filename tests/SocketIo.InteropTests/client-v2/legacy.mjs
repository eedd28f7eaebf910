// socket.io-client 2.x (Engine.IO v3, Socket.IO protocol v4) against the C# server, which allows EIO 3.
// `node legacy.mjs <url> <websocket|polling|upgrade> <run> <scenario>`, one JSON object per line on stdout.
// A 2.x client joins "/" without asking and cannot send an auth payload there: the run id travels in the query string
// (the connection's, and a namespace CONNECT's, which the server reads as that socket's auth).
import io from "socket.io-client";
import { io as io4 } from "socket.io-client-v4";
import { bytes, connected, main, once, out, transportOf, transportOptions, upgraded } from "../../TestUtilities/node/client.mjs";

const [url, mode, run, scenario] = process.argv.slice(2);
if (!url || !mode || !run || !scenario) {
  console.error("usage: node legacy.mjs <url> <websocket|polling|upgrade> <run> <scenario>");
  process.exit(64);
}

/** A socket of its own connection, connected (and upgraded, in "upgrade" mode) before it is returned. */
async function connect(nsp = "/", { query = {}, setup, ...options } = {}) {
  const socket = io(url + nsp, {
    ...transportOptions(mode),
    forceNew: true,
    reconnection: false,
    autoConnect: false,
    query: { run, ...query },
    ...options,
  });
  setup?.(socket);
  socket.open();
  await connected(socket);
  if (mode === "upgrade") {
    await upgraded(socket.io);
  }

  return socket;
}

/** Resolves with the reply an emit's acknowledgement brings. */
function emitWithAck(socket, ...args) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ack for '${args[0]}'`)), 20000);
    socket.emit(...args, (...reply) => {
      clearTimeout(timer);
      resolve(reply);
    });
  });
}

const scenarios = {
  // Events both ways with JSON and binary arguments, an acknowledgement with binary, on one socket of "/".
  async events() {
    let welcome;
    const socket = await connect("/", { setup: (s) => (welcome = once(s, "welcome")) });
    const [greeting] = await welcome;
    out("welcome", { id: socket.id, greeting });
    const reply = await emitWithAck(socket, "echo", { text: "héllo ✓", n: 42 }, Buffer.from([0, 1, 2, 253, 254, 255]));
    out("echo", { json: reply[0], binary: bytes(reply[1]), isBuffer: Buffer.isBuffer(reply[1]) });
    const fromServer = once(socket, "binary-from-server");
    socket.emit("give-binary");
    const [blob, wrapped] = await fromServer;
    out("binary-from-server", { blob: bytes(blob), isBuffer: Buffer.isBuffer(blob), wrapped: bytes(wrapped?.data) });
    out("transport", { name: transportOf(socket) });
    socket.close();
  },

  // A namespace with auth in its query string: let in with the right token, refused with an "error" event otherwise.
  async namespaces() {
    let welcome;
    const admin = await connect("/admin", { query: { token: "secret" }, setup: (s) => (welcome = once(s, "admin-welcome")) });
    const [info] = await welcome;
    out("admitted", { id: admin.id, info });
    admin.close();

    const refused = io(url + "/admin", { ...transportOptions(mode), forceNew: true, reconnection: false, query: { run, token: "wrong" } });
    const [error] = await once(refused, "error");
    out("refused", { error, connected: refused.connected });
    refused.close();
  },

  // Two 2.x clients in one room: a broadcast from one reaches the other, not the sender.
  async rooms() {
    const a = await connect("/", { query: { who: "a" } });
    const b = await connect("/", { query: { who: "b" } });
    await emitWithAck(a, "join", "lobby");
    await emitWithAck(b, "join", "lobby");
    const atA = [];
    a.on("news", (text) => atA.push(text));
    const atB = once(b, "news");
    await emitWithAck(a, "broadcast", "lobby", "hello room");
    const [text] = await atB;
    // Every packet to "a" after the ack comes before this reply: nothing of the broadcast reached it.
    await emitWithAck(a, "echo", "sync");
    out("broadcast", { atB: text, atA });
    a.close();
    b.close();
  },

  // The server disconnects a socket; the client disconnects another one.
  async disconnects() {
    const kicked = await connect("/");
    const gone = once(kicked, "disconnect");
    kicked.emit("kick-me");
    const [reason] = await gone;
    out("kicked", { reason, connected: kicked.connected });

    // A second connection asks the server how it saw the first one go, so that the script does not exit (and cut the
    // requests its close still has in flight) before the server has seen it.
    const observer = await connect("/", { query: { role: "observer" } });
    const leaving = await connect("/", { query: { role: "leave" } });
    const id = leaving.id;
    leaving.close();
    const [seen] = await emitWithAck(observer, "how-did-leave-go");
    out("left", { id, seen });
    observer.close();
  },

  // The connection drops under the client: it reconnects on its own, with a new id.
  async reconnect() {
    const socket = await connect("/", { reconnection: true, reconnectionDelay: 50, reconnectionDelayMax: 100, randomizationFactor: 0 });
    const firstId = socket.id;
    const reconnected = once(socket, "reconnect");
    socket.emit("drop-me");
    await reconnected;
    if (mode === "upgrade") {
      await upgraded(socket.io);
    }

    const reply = await emitWithAck(socket, "echo", "after reconnect");
    out("reconnected", { firstId, secondId: socket.id, reply: reply[0], transport: transportOf(socket) });
    socket.close();
  },

  // A 2.x client and a 4.x client in one room: one broadcast from the server reaches both.
  async mixed() {
    const legacy = await connect("/");
    const modern = io4(url, { ...transportOptions(mode), forceNew: true, reconnection: false, auth: { run } });
    await connected(modern);
    if (mode === "upgrade") {
      await upgraded(modern.io);
    }

    await emitWithAck(legacy, "join", "mixed");
    await emitWithAck(modern, "join", "mixed");
    const atLegacy = once(legacy, "news");
    const atModern = once(modern, "news");
    await emitWithAck(legacy, "broadcast-all", "mixed", "to both", Buffer.from([7, 8, 9]));
    const [[legacyText, legacyBytes], [modernText, modernBytes]] = await Promise.all([atLegacy, atModern]);
    out("mixed", {
      legacy: { text: legacyText, bytes: bytes(legacyBytes), transport: transportOf(legacy) },
      modern: { text: modernText, bytes: bytes(modernBytes), transport: transportOf(modern) },
    });
    legacy.close();
    modern.close();
  },
};

main(async () => {
  const body = scenarios[scenario];
  if (!body) {
    throw new Error(`unknown scenario ${scenario}`);
  }

  await body();
});
