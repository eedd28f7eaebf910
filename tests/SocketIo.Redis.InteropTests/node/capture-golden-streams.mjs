// Records the exact Redis traffic of Node's socket.io 4.8.4 + @socket.io/redis-streams-adapter 0.3.1 into
// tests/SocketIo.Redis.Tests/golden/streams/<mode>/*.json, one file per operation, so that the C# Redis Streams adapter can be checked byte
// for byte against it (tests/SocketIo.Redis.Tests/StreamsGoldenWireTests.cs).
//
//   node capture-golden-streams.mjs [one-stream] [four-streams]   (default: both)
//
// Each mode starts its own redis-server on a free loopback port (persistence off), two socket.io servers (A and B)
// with connection state recovery on, each with one node-redis client given to createAdapter (which duplicates it
// for its XREAD loop and its pub/sub subscriptions), and a MONITOR connection. Everything is read from MONITOR:
// the XADDs (the stream entries, field by field), the PUBLISHes (the pub/sub messages), the session SETs and the
// restore's MULTI/GET/DEL and XRANGEs. MONITOR is not a subscriber, so PUBSUB NUMSUB (the adapter's node count) stays
// two. A scenario ends when a marker sent through A's and B's clients has shown up in MONITOR: each connection runs
// its commands in order, so everything they sent before is recorded by then.
import { createServer } from "node:http";
import { connect as netConnect } from "node:net";
import { mkdirSync, writeFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Server } from "socket.io";
import { io as ioc } from "socket.io-client";
import { createClient } from "redis";
import { createAdapter } from "@socket.io/redis-streams-adapter";
import { decode as msgpackDecode } from "@msgpack/msgpack";
import { startRedis } from "./lib/redis-server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
// Written where the wire tests read them (tests/SocketIo.Redis.Tests copies golden/** to its output).
const goldenRoot = join(here, "..", "..", "SocketIo.Redis.Tests", "golden", "streams");
const MARKER = "socket.io-golden-marker";
const STEP_TIMEOUT_MS = 10_000;
const modes = process.argv.slice(2).length ? process.argv.slice(2) : ["one-stream", "four-streams"];
const versions = { "socket.io": "4.8.4", "@socket.io/redis-streams-adapter": "0.3.1", "@msgpack/msgpack": "2.8.0", "socket.io-client": "4.8.4", redis: "4.7.1" };

// A JSON view of a decoded value that keeps what JSON cannot say (lib/wire-values.mjs's spelling).
function view(value) {
  if (value === undefined) return { $undefined: true };
  if (value === null || typeof value !== "object") return typeof value === "function" ? { $function: true } : value;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { $binary: Buffer.from(value).toString("hex") };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(view);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, view(v)]));
}

function withTimeout(promise, what, ms = STEP_TIMEOUT_MS) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms); }),
  ]);
}

const once = (emitter, event, what) => withTimeout(new Promise((resolve) => emitter.once(event, (...args) => resolve(args))), what);

// MONITOR line arguments: quoted, with sdscatrepr's escapes; read as latin1 so one char is one byte.
function parseMonitorArgs(text) {
  const args = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '"') { i++; continue; }
    i++;
    const bytes = [];
    while (text[i] !== '"') {
      let c = text[i++];
      if (c === "\\") {
        c = text[i++];
        const map = { n: 10, r: 13, t: 9, a: 7, b: 8, "\\": 92, '"': 34 };
        if (c === "x") { bytes.push(parseInt(text.slice(i, i + 2), 16)); i += 2; continue; }
        bytes.push(map[c] ?? c.charCodeAt(0));
        continue;
      }
      bytes.push(c.charCodeAt(0));
    }
    i++;
    args.push(Buffer.from(bytes));
  }
  return args;
}

function startMonitor(port, roles) {
  const commands = [];
  let pending = "";
  const sock = netConnect(port, "127.0.0.1");
  const ready = new Promise((resolve, reject) => {
    sock.once("error", reject);
    sock.on("data", (chunk) => {
      pending += chunk.toString("latin1");
      let i;
      while ((i = pending.indexOf("\r\n")) >= 0) {
        const line = pending.slice(0, i);
        pending = pending.slice(i + 2);
        if (line === "+OK") { resolve(); continue; }
        const m = /^\+[\d.]+ \[\d+ ([^\]]+)\] (.*)$/.exec(line);
        if (m) commands.push({ from: roles.get(m[1]) ?? m[1], args: parseMonitorArgs(m[2]) });
      }
    });
  });
  sock.write("MONITOR\r\n");
  return {
    ready,
    take: () => commands.splice(0, commands.length),
    saw: (token) => commands.some(({ args }) => args.some((a) => a.toString() === token)),
    close: () => sock.destroy(),
  };
}

// What a stream entry's data field holds, decoded as the adapter decodes it.
function describeData(data) {
  if (data.startsWith("{")) return { encoding: "json", decoded: JSON.parse(data) };
  return { encoding: "msgpack-base64", decoded: view(msgpackDecode(Buffer.from(data, "base64"))) };
}

function describe({ from, args }) {
  const name = args[0].toString().toUpperCase();
  if (name === "XADD") {
    const fields = [];
    const rest = args.slice(6).map((a) => a.toString());
    for (let i = 0; i + 1 < rest.length; i += 2) fields.push([rest[i], rest[i + 1]]);
    const data = fields.find(([k]) => k === "data")?.[1];
    return { from, command: "XADD", args: args.slice(0, 6).map(String), stream: args[1].toString(), fields, ...(data ? { data: describeData(data) } : {}) };
  }
  if (name === "PUBLISH" || name === "SPUBLISH") {
    return { from, command: name, channel: args[1].toString(), hex: args[2].toString("hex"), decoded: view(msgpackDecode(args[2])) };
  }
  if (name === "SET") {
    const value = args[2].toString();
    return { from, command: "SET", args: [args[0], args[1], ...args.slice(3)].map(String), value, decoded: view(msgpackDecode(Buffer.from(value, "base64"))) };
  }
  return { from, command: args.map(String).join(" ") };
}

async function runMode(mode) {
  const streamCount = mode === "four-streams" ? 4 : 1;
  const outDir = join(goldenRoot, mode);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const redis = await startRedis();
  const roles = new Map();
  const closers = [];
  const newClient = async (role) => {
    const c = createClient({ url: redis.url });
    c.on("error", (e) => console.error(`${role}: ${e.message}`));
    await c.connect();
    roles.set(/addr=(\S+)/.exec(await c.sendCommand(["CLIENT", "INFO"]))[1], role);
    closers.push(() => c.disconnect().catch(() => {}));
    return c;
  };
  const monitor = startMonitor(redis.port, roles);
  await monitor.ready;

  const namespaces = mode === "four-streams" ? ["/", "/chat", "/admin", "/x", "/ünï"] : ["/", "/chat"];
  const servers = {};
  for (const name of ["A", "B"]) {
    const client = await newClient(`${name}.client`);
    const httpServer = createServer();
    const io = new Server(httpServer, { connectionStateRecovery: { maxDisconnectionDuration: 120_000 } });
    io.adapter(createAdapter(client, { streamCount }));
    for (const nsp of namespaces) io.of(nsp);
    await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    const sockets = new Map();
    io.on("connection", (socket) => {
      sockets.set(socket.handshake.auth.name ?? socket.id, socket);
      socket.on("join", (room, ack) => { socket.join(room); ack?.(); });
    });
    io.on("who", (cb) => cb(`server-${name}`));
    servers[name] = { name, io, client, sockets, port: httpServer.address().port };
    closers.unshift(() => new Promise((r) => io.close(() => r())));
  }
  const { A, B } = servers;

  let tokenSeq = 0;
  async function flush() {
    const tokens = [];
    for (const s of [A, B]) {
      const token = `${mode}-${++tokenSeq}`;
      tokens.push(token);
      await s.client.publish(MARKER, token);
    }
    await withTimeout(new Promise((resolve) => {
      const t = setInterval(() => { if (tokens.every(monitor.saw)) { clearInterval(t); resolve(); } }, 5);
    }), "monitor markers");
  }

  const clientLog = [];
  const clients = {};
  async function connectClient(name, server, rooms, nsp = "/") {
    const socket = ioc(`http://127.0.0.1:${server.port}${nsp}`, { transports: ["websocket"], auth: { name }, reconnection: false, forceNew: true });
    socket.onAny((event, ...args) => clientLog.push({ client: name, event, args: view(args) }));
    await once(socket, "connect", `${name} connect`);
    for (const room of rooms) await withTimeout(socket.emitWithAck("join", room), `${name} join`);
    clients[name] = socket;
    closers.unshift(() => socket.disconnect());
    return socket;
  }

  const nodeInfo = () => ({
    A: { uid: A.io.of("/").adapter.uid, chatUid: A.io.of("/chat").adapter.uid, port: A.port },
    B: { uid: B.io.of("/").adapter.uid, chatUid: B.io.of("/chat").adapter.uid, port: B.port },
    clients: Object.fromEntries(Object.entries(clients).map(([n, s]) => [n, s.id])),
  });

  const interesting = (c) => {
    const name = c.args[0].toString().toUpperCase();
    if (c.args.some((a) => a.toString().includes(MARKER))) return false;
    if (c.from === "monitor" || ["PING", "INFO", "CLIENT", "HELLO", "SELECT"].includes(name)) return false;
    // The XREAD loops block and come back every few seconds: their timing is not the wire format.
    return name !== "XREAD" || c.keep;
  };

  function write(name, description, result) {
    const commands = monitor.take().filter(interesting).map(describe);
    const doc = { scenario: name, adapter: `createAdapter (streamCount ${streamCount})`, versions, description, nodes: nodeInfo(), commands, clientsReceived: clientLog.splice(0), result: view(result) };
    writeFileSync(join(outDir, `${name}.json`), JSON.stringify(doc, null, 2) + "\n");
    console.log(`${mode}: ${name}`);
  }

  async function scenario(name, description, action) {
    await flush();
    monitor.take();
    clientLog.splice(0);
    const result = await withTimeout(Promise.resolve().then(action), `scenario ${name}`);
    await flush();
    write(name, description, result);
  }

  const expectEvent = (names, event) => Promise.all(names.map((n) => once(clients[n], event, `${n} ${event}`)));

  if (mode === "four-streams") {
    await connectClient("a1", A, []);
    await flush();
    monitor.take();
    clientLog.splice(0);
    await scenario("50-stream-per-namespace", `A: io.of(nsp).emit("where", nsp) for ${namespaces.join(", ")}: each namespace's XADD goes to socket.io-<hashCode(nsp) % 4> (a negative hash keeps its sign).`, async () => {
      for (const nsp of namespaces) A.io.of(nsp).emit("where", nsp);
      await new Promise((r) => setImmediate(r));
      return namespaces;
    });
  } else {
    await connectClient("a1", A, ["room1"]);
    await connectClient("b1", B, ["room1", "vip"]);
    await connectClient("b2", B, ["room2"]);
    clients.a1.on("ackme", (arg, cb) => cb(`a1 got ${arg}`));
    clients.b1.on("ackme", (arg, cb) => cb(Buffer.from([0xb1, 0x00, 0xff])));
    clients.b2.on("ackme", (arg, cb) => cb({ from: "b2", arg }));
    B.sockets.get("b1").data = { user: "b1", level: 3 };
    await flush();
    monitor.take();
    clientLog.splice(0);

    await scenario("01-broadcast-plain", "A: io.emit(\"plain\", \"hello\", 42, 1.5, true, null, {a: [1, \"x\"], u: \"é<>&\\u2028\"}): one XADD, data as JSON text; the clients get the entry id as a last argument (recovery is on).", async () => {
      const got = expectEvent(["a1", "b1", "b2"], "plain");
      A.io.emit("plain", "hello", 42, 1.5, true, null, { a: [1, "x"], u: "é<>&\u2028" });
      await got;
    });
    await scenario("02-broadcast-room-except", "A: io.to(\"room1\").except(\"vip\").emit(\"notvip\", \"x\"): rooms and except in opts.", async () => {
      const got = expectEvent(["a1"], "notvip");
      A.io.to("room1").except("vip").emit("notvip", "x");
      await got;
    });
    await scenario("03-broadcast-flags", "A: io.volatile.emit(\"vol\", 1) then io.compress(false).emit(\"nocompress\", 2): the flags; a volatile packet gets no offset.", async () => {
      const got = expectEvent(["a1", "b1", "b2"], "nocompress");
      A.io.volatile.emit("vol", 1);
      A.io.compress(false).emit("nocompress", 2);
      await got;
    });
    await scenario("04-broadcast-binary", "A: io.emit(\"bin\", Buffer 01 02 03 ff, {nested: Buffer 00 de ad}): data is @msgpack/msgpack in base64.", async () => {
      const got = expectEvent(["a1", "b1", "b2"], "bin");
      A.io.emit("bin", Buffer.from([1, 2, 3, 0xff]), { nested: Buffer.from([0, 0xde, 0xad]) });
      await got;
    });
    await scenario("05-broadcast-namespace-chat", "A: io.of(\"/chat\").emit(\"chatmsg\", \"hi\"): the same stream, nsp \"/chat\".", async () => {
      const c2 = await connectClient("c2", B, [], "/chat");
      const got = once(c2, "chatmsg", "c2 chatmsg");
      A.io.of("/chat").emit("chatmsg", "hi");
      await got;
    });
    await scenario("06-broadcast-with-ack", "A: io.timeout(5000).emitWithAck(\"ackme\", \"q\"): PUBLISHed (msgpack) on socket.io#/#, the count and acks back on socket.io#/#<A's uid>#.", async () => {
      return await A.io.timeout(5000).emitWithAck("ackme", "q");
    });
    await scenario("07-fetch-sockets", "A: io.in(\"room1\").fetchSockets(): PUBSUB NUMSUB, the request and B's answer.", async () => {
      const sockets = await A.io.in("room1").fetchSockets();
      return sockets.map((s) => ({ id: s.id, rooms: [...s.rooms], data: s.data }));
    });
    await scenario("08-server-side-emit", "A: io.serverSideEmit(\"hello\", \"world\", 1) then io.serverSideEmitWithAck(\"who\").", async () => {
      A.io.serverSideEmit("hello", "world", 1);
      return await A.io.serverSideEmitWithAck("who");
    });
    await scenario("09-sockets-join-leave", "A: io.in(\"room2\").socketsJoin(\"room3\"), then socketsLeave(\"room3\"): XADDs.", async () => {
      const joined = once(B.io.of("/").adapter, "join-room", "B join-room");
      A.io.in("room2").socketsJoin("room3");
      await joined;
      const left = once(B.io.of("/").adapter, "leave-room", "B leave-room");
      A.io.in("room2").socketsLeave("room3");
      await left;
    });
    await scenario("10-server-count", "A: adapter.serverCount(): PUBSUB NUMSUB socket.io#/#.", async () => await A.io.of("/").adapter.serverCount());

    // Connection state recovery across nodes: a1 (on A, in room1) loses its transport, misses broadcasts, and comes
    // back to B.
    await scenario("11-recovery-persist", "a1's transport closes (client side): A persists its session with SET sio:session:<pid> <base64 msgpack {sid, pid, rooms, data}> PX 120000.", async () => {
      A.sockets.get("a1").data = { user: "a1" };
      const disconnected = once(A.sockets.get("a1"), "disconnect", "a1 server disconnect");
      clients.a1.io.engine.close();
      const [reason] = await disconnected;
      return reason;
    });
    await scenario("12-recovery-missed", "While a1 is away, B: io.to(\"room1\").emit(\"missed\", 1), io.to(\"room2\").emit(\"other\", 2), io.emit(\"missed\", 3).", async () => {
      let seen = 0;
      const got = withTimeout(new Promise((resolve) => clients.b1.on("missed", () => { if (++seen === 2) resolve(); })), "b1 missed twice");
      B.io.to("room1").emit("missed", 1);
      B.io.to("room2").emit("other", 2);
      B.io.emit("missed", 3);
      await got;
    });
    await scenario("13-recovery-restore", "a1 reconnects to B (its pid and last offset in the CONNECT): B runs MULTI GET DEL of the session and XRANGE <offset> <offset>, then XRANGE from the next id to +; a1 is recovered with its id and gets the missed packets to room1 and to all, each with its entry id.", async () => {
      clients.a1.io.uri = `http://127.0.0.1:${B.port}`;
      clients.a1.io.opts.reconnection = true;
      const connected = once(clients.a1, "connect", "a1 reconnect");
      clients.a1.connect();
      await connected;
      return { recovered: clients.a1.recovered, id: clients.a1.id, sameId: clients.a1.id === nodeInfo().clients.a1 };
    });
  }

  // Closing the adapters disconnects the clients they duplicated while their XREADs are pending: those rejections are
  // the teardown's, not the capture's.
  tearingDown = true;
  monitor.close();
  for (const close of closers) await close();
  await redis.stop();
  tearingDown = false;
}

let tearingDown = false;
process.on("unhandledRejection", (e) => {
  if (tearingDown || e?.name === "DisconnectsClientError") return;
  console.error(e);
  process.exit(1);
});

for (const mode of modes) await runMode(mode);
process.exit(0);
