// Records the exact Redis traffic of Node's socket.io 4.8.4 + @socket.io/redis-adapter 8.3.0 (+ the emitter) into
// ../golden/<mode>/*.json, one file per operation, so that the C# adapter can be checked byte for byte against it.
//
//   node capture-golden.mjs [classic] [classic-specific-response] [sharded-dynamic] [sharded-static]   (default: all)
//
// Each mode starts its own redis-server on a free loopback port (persistence off), two socket.io servers (A and B)
// on loopback ports with the adapter, a raw recorder (PSUBSCRIBE socket.io*, and for the sharded adapter SSUBSCRIBE
// on every shard channel the scenarios use) and a MONITOR connection for the commands that are not messages
// (SUBSCRIBE, PUBSUB NUMSUB, ...). A scenario ends when a marker published through every publishing connection has
// come back to the recorder: each connection's commands run in order, so everything the adapters published before
// the marker has been recorded by then.
import { EventEmitter } from "node:events";
import { createServer } from "node:http";
import { connect as netConnect } from "node:net";
import { mkdirSync, writeFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Server } from "socket.io";
import { io as ioc } from "socket.io-client";
import { createClient } from "redis";
import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";
import { Emitter } from "@socket.io/redis-emitter";
import { decode as msgpackDecode } from "notepack.io";
import { startRedis } from "./lib/redis-server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const goldenRoot = join(here, "..", "golden");
const MARKER = "socket.io-golden-marker";
const STEP_TIMEOUT_MS = 10_000;

const modes = process.argv.slice(2).length ? process.argv.slice(2)
  : ["classic", "classic-specific-response", "sharded-dynamic", "sharded-static"];
// classic-specific-response: the classic adapter with publishOnSpecificResponseChannel, only the scenarios that
// have responses.
const SPECIFIC_RESPONSE_SCENARIOS = new Set(["00-setup", "12-broadcast-with-ack", "14-fetch-sockets", "20-all-rooms", "23-server-side-emit-with-ack"]);

// ---- views -------------------------------------------------------------------------------------------------------

// A JSON view of a decoded value that keeps what JSON cannot say: Buffers, Dates and undefined.
function view(value) {
  if (value === undefined) return { $undefined: true };
  if (value === null || typeof value !== "object") {
    return typeof value === "function" ? { $function: true } : value;
  }
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { $binary: Buffer.from(value).toString("hex") };
  if (value instanceof ArrayBuffer) return { $binary: Buffer.from(value).toString("hex") };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(view);
  // notepack decodes an unknown extension as [type, Buffer]; kept as is by the array branch
  const out = {};
  for (const [k, v] of Object.entries(value)) out[k] = view(v);
  return out;
}

function describePayload(payload) {
  // Both adapters tell JSON from msgpack by the first byte: '{' is JSON (a msgpack map never starts with 0x7b).
  if (payload[0] === 0x7b) {
    return { encoding: "json", text: payload.toString("utf8"), decoded: JSON.parse(payload.toString("utf8")) };
  }
  return { encoding: "msgpack", decoded: view(msgpackDecode(payload)) };
}

// ---- helpers -----------------------------------------------------------------------------------------------------

function withTimeout(promise, what, ms = STEP_TIMEOUT_MS) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), ms); }),
  ]);
}

function once(emitter, event, what) {
  return withTimeout(new Promise((resolve) => emitter.once(event, (...args) => resolve(args))), what);
}

async function clientAddr(client) {
  const info = await client.sendCommand(["CLIENT", "INFO"]);
  return /addr=(\S+)/.exec(info)[1];
}

// Splits a MONITOR line's arguments: each is quoted, with sdscatrepr's escapes (\\ \" \n \r \t \a \b \xHH); the
// socket is read as latin1, so one char is one byte and the payload comes back exact.
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

// MONITOR over a raw socket: each line is `+<time> [<db> <addr>] "<CMD>" "<arg>" ...`. It shows the commands that are
// not messages (SUBSCRIBE, PUBSUB NUMSUB, ...), and for the sharded adapter it is also where the SPUBLISHed messages
// are read: subscribing to the namespace's shard channel would add a subscriber to SHARDNUMSUB, which is the sharded
// adapter's node count, and change what it waits for.
function startMonitor(port, roles) {
  const lines = [];
  const published = [];
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
        if (!m) continue;
        const [, addr, command] = m;
        lines.push({ addr, command });
        if (/^"spublish"/i.test(command)) {
          const [, channel, payload] = parseMonitorArgs(command);
          if (channel.toString() !== MARKER) published.push({ command: "SPUBLISH", channel: channel.toString(), payload });
        }
      }
    });
  });
  sock.write("MONITOR\r\n");
  return {
    ready,
    take() {
      const taken = lines.splice(0, lines.length);
      return taken
        .filter(({ command }) => !command.includes(MARKER) && !/^"(PUBLISH|SPUBLISH|CLIENT|PING|INFO|HELLO)"/i.test(command))
        .map(({ addr, command }) => ({ from: roles.get(addr) ?? addr, command: command.length > 2000 ? command.slice(0, 2000) + "..." : command }));
    },
    takePublished() { return published.splice(0, published.length); },
    sawMarker(token) { return lines.some(({ command }) => command.includes(MARKER) && command.includes(token)); },
    close() { sock.destroy(); },
  };
}

// ---- one mode ----------------------------------------------------------------------------------------------------

async function runMode(mode) {
  const sharded = mode.startsWith("sharded");
  const subscriptionMode = sharded ? mode.slice("sharded-".length) : undefined;
  const specificResponse = mode === "classic-specific-response";
  const outDir = sharded ? join(goldenRoot, "sharded", subscriptionMode) : join(goldenRoot, mode);
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });

  const redis = await startRedis();
  const roles = new Map();
  const closers = [];
  const newClient = async (role) => {
    const c = createClient({ url: redis.url });
    c.on("error", (e) => console.error(`${role}: ${e.message}`));
    await c.connect();
    roles.set(await clientAddr(c), role);
    closers.push(() => c.disconnect().catch(() => {}));
    return c;
  };

  // The recorder subscribes before anything else exists.
  const recorded = [];
  const markerWaiters = new Map();
  const onMessage = (command) => (message, channel) => {
    const ch = channel.toString();
    if (ch === MARKER) {
      const token = message.toString();
      markerWaiters.get(token)?.();
      return;
    }
    recorded.push({ command, channel: ch, payload: Buffer.from(message) });
  };
  const recorder = await newClient("recorder");
  await recorder.pSubscribe("socket.io*", onMessage("PUBLISH"), true);

  const monitor = startMonitor(redis.port, roles);
  await monitor.ready;

  const serverEvents = new EventEmitter();
  // Two socket.io servers, each with its own pub/sub pair, as a deployment has them.
  const servers = {};
  for (const name of ["A", "B"]) {
    const pub = await newClient(`${name}.pub`);
    const sub = await newClient(`${name}.sub`);
    const httpServer = createServer();
    const io = new Server(httpServer);
    io.adapter(sharded
      ? createShardedAdapter(pub, sub, { subscriptionMode })
      : createAdapter(pub, sub, { requestsTimeout: 5000, publishOnSpecificResponseChannel: specificResponse }));
    io.of("/chat"); // a second namespace, so its channels show up too
    await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    const serverSockets = new Map();
    io.on("connection", (socket) => {
      serverSockets.set(socket.handshake.auth.name, socket);
      socket.on("join", (room, ack) => { socket.join(room); ack?.(); });
    });
    io.of("/chat").on("connection", (socket) => serverSockets.set(`chat:${socket.handshake.auth.name}`, socket));
    io.on("hello", (...args) => serverEvents.emit(`hello:${name}`, view(args)));
    io.on("who", (cb) => cb(`server-${name}`));
    servers[name] = { name, io, pub, sub, httpServer, sockets: serverSockets, port: httpServer.address().port };
    closers.push(() => new Promise((r) => io.close(() => r())));
  }
  const { A, B } = servers;
  const emitterClient = await newClient("emitter");
  const emitter = new Emitter(emitterClient);

  // The shard channels the scenarios can publish on; SSUBSCRIBE takes no patterns.
  if (sharded) {
    const uidOf = (s, nsp = "/") => s.io.of(nsp).adapter.uid;
    // Not the namespace channels themselves (see startMonitor): the response and room channels, whose messages must
    // equal what MONITOR shows.
    const channels = new Set();
    for (const nsp of ["/", "/chat"]) {
      for (const s of [A, B]) channels.add(`socket.io#${nsp}#${uidOf(s, nsp)}#`);
    }
    for (const room of ["room1", "room2", "room3", "vip", "joined-remotely"]) channels.add(`socket.io#/#${room}#`);
    await recorder.sSubscribe([...channels], onMessage("SSUBSCRIBE-check"), true);
  }

  let tokenSeq = 0;
  const publishers = () => [A.pub, B.pub, emitterClient];
  async function flush() {
    for (const client of publishers()) {
      const token = `${mode}-${++tokenSeq}`;
      const seen = new Promise((resolve) => markerWaiters.set(token, resolve));
      await client.publish(MARKER, token);
      await withTimeout(seen, `marker ${token}`);
      markerWaiters.delete(token);
    }
    // MONITOR writes the command before its effect reaches any subscriber; the last marker is there by now.
    const last = `${mode}-${tokenSeq}`;
    if (!monitor.sawMarker(last)) await withTimeout(new Promise((resolve) => {
      const t = setInterval(() => { if (monitor.sawMarker(last)) { clearInterval(t); resolve(); } }, 5);
    }), "monitor marker");
  }

  // Clients: a1 on A (room1), b1 on B (room1, vip), b2 on B (room2), c1 on A in /chat.
  const clientLog = [];
  const clients = {};
  async function connectClient(name, server, rooms, nsp = "/") {
    const socket = ioc(`http://127.0.0.1:${server.port}${nsp}`, {
      transports: ["websocket"], auth: { name }, reconnection: false, forceNew: true,
    });
    socket.onAny((event, ...args) => clientLog.push({ client: name, event, args: view(args) }));
    await once(socket, "connect", `${name} connect`);
    for (const room of rooms) await withTimeout(socket.emitWithAck("join", room), `${name} join`);
    clients[name] = socket;
    closers.unshift(() => socket.disconnect());
    return socket;
  }
  await connectClient("a1", A, ["room1"]);
  await connectClient("b1", B, ["room1", "vip"]);
  await connectClient("b2", B, ["room2"]);
  await connectClient("c1", A, [], "/chat");
  // Acks that the broadcast-with-ack scenario collects: b1 answers with binary, the others with text.
  clients.a1.on("ackme", (arg, cb) => cb(`a1 got ${arg}`));
  clients.b1.on("ackme", (arg, cb) => cb(Buffer.from([0xb1, 0x00, 0xff])));
  clients.b2.on("ackme", (arg, cb) => cb({ from: "b2", arg }));
  B.sockets.get("b1").data = { user: "b1", level: 3 };

  const nodeInfo = () => ({
    A: { uid: A.io.of("/").adapter.uid, chatUid: A.io.of("/chat").adapter.uid, port: A.port },
    B: { uid: B.io.of("/").adapter.uid, chatUid: B.io.of("/chat").adapter.uid, port: B.port },
    clients: Object.fromEntries(Object.entries(clients).map(([n, s]) => [n, s.id])),
  });

  await flush();
  const setupCommands = monitor.take().filter(({ from }) => from !== "recorder");
  recorded.splice(0);
  monitor.takePublished();
  clientLog.splice(0);
  write("00-setup", "What each node subscribes to when its adapter starts, and the clients the scenarios use.", {
    commands: setupCommands, messages: [], result: null,
  });

  function write(name, description, { commands, messages, result }) {
    const file = join(outDir, `${name}.json`);
    const doc = {
      scenario: name,
      adapter: sharded ? `createShardedAdapter (subscriptionMode "${subscriptionMode}")`
        : specificResponse ? "createAdapter (classic, publishOnSpecificResponseChannel: true)" : "createAdapter (classic)",
      versions: { "socket.io": "4.8.4", "@socket.io/redis-adapter": "8.3.0", "@socket.io/redis-emitter": "5.1.0", "notepack.io": "3.0.1", redis: "4.7.1" },
      description,
      nodes: nodeInfo(),
      commands,
      messages: messages.map(({ command, channel, payload }) => ({
        command, channel, hex: payload.toString("hex"), ...describePayload(payload),
      })),
      clientsReceived: clientLog.splice(0),
      result: view(result),
    };
    writeFileSync(file, JSON.stringify(doc, null, 2) + "\n");
  }

  // Classic: what the PSUBSCRIBE recorder got. Sharded: the SPUBLISHes MONITOR showed (plus any PUBLISH, of which
  // there should be none), each shard message the recorder also received checked against them byte for byte.
  function collect() {
    const got = recorded.splice(0);
    if (!sharded) return got;
    const published = monitor.takePublished();
    for (const check of got.filter((m) => m.command === "SSUBSCRIBE-check")) {
      if (!published.some((p) => p.channel === check.channel && p.payload.equals(check.payload))) {
        throw new Error(`${mode}: a message on ${check.channel} differs from what MONITOR showed`);
      }
    }
    return [...published, ...got.filter((m) => m.command !== "SSUBSCRIBE-check")];
  }

  async function scenario(name, description, action) {
    if (specificResponse && !SPECIFIC_RESPONSE_SCENARIOS.has(name)) return;
    await flush();
    monitor.take();
    recorded.splice(0);
    clientLog.splice(0);
    monitor.takePublished();
    const result = await withTimeout(Promise.resolve().then(action), `scenario ${name}`);
    await flush();
    write(name, description, { commands: monitor.take(), messages: collect(), result });
    console.log(`${mode}: ${name}`);
  }

  // Resolves when each named client has received `event` (registered before the action runs).
  const expectEvent = (names, event) => Promise.all(names.map((n) => once(clients[n], event, `${n} ${event}`)));

  // ---- scenarios -------------------------------------------------------------------------------------------------
  await scenario("01-broadcast-plain", "A: io.emit(\"plain\", \"hello\", 42, 1.5, true, null, {a: [1, \"x\"]}): every client on both nodes receives it.", async () => {
    const got = expectEvent(["a1", "b1", "b2"], "plain");
    A.io.emit("plain", "hello", 42, 1.5, true, null, { a: [1, "x"] });
    await got;
  });
  await scenario("02-broadcast-room", "A: io.to(\"room1\").emit(\"inroom\", \"r1\"): one room, so the room's own channel.", async () => {
    const got = expectEvent(["a1", "b1"], "inroom");
    A.io.to("room1").emit("inroom", "r1");
    await got;
  });
  await scenario("03-broadcast-two-rooms", "A: io.to([\"room1\", \"room2\"]).emit(\"tworooms\", 2): more than one room, so the namespace channel.", async () => {
    const got = expectEvent(["a1", "b1", "b2"], "tworooms");
    A.io.to(["room1", "room2"]).emit("tworooms", 2);
    await got;
  });
  await scenario("04-broadcast-except", "A: io.to(\"room1\").except(\"vip\").emit(\"notvip\", \"x\"): b1 (in vip) gets nothing.", async () => {
    const got = expectEvent(["a1"], "notvip");
    A.io.to("room1").except("vip").emit("notvip", "x");
    await got;
  });
  await scenario("05-broadcast-volatile", "A: io.volatile.emit(\"vol\", 1): the volatile flag travels in opts.flags.", async () => {
    const got = expectEvent(["a1", "b1", "b2"], "vol");
    A.io.volatile.emit("vol", 1);
    await got;
  });
  await scenario("06-broadcast-compress", "A: io.compress(false).emit(\"nocompress\", 1): the compress flag travels in opts.flags.", async () => {
    const got = expectEvent(["a1", "b1", "b2"], "nocompress");
    A.io.compress(false).emit("nocompress", 1);
    await got;
  });
  await scenario("07-broadcast-local", "A: io.local.emit(\"localonly\", 1): nothing is published; only A's client gets it.", async () => {
    const got = expectEvent(["a1"], "localonly");
    A.io.local.emit("localonly", 1);
    await got;
  });
  await scenario("08-broadcast-binary", "A: io.emit(\"bin\", Buffer 01 02 03 ff, {nested: Buffer 00 de ad}): Buffers are msgpack bin, the packet stays type 2 (EVENT).", async () => {
    const got = expectEvent(["a1", "b1", "b2"], "bin");
    A.io.emit("bin", Buffer.from([1, 2, 3, 0xff]), { nested: Buffer.from([0, 0xde, 0xad]) });
    await got;
  });
  await scenario("09-broadcast-date-undefined", "A: io.emit(\"dates\", new Date(1700000000123), new Date(1700000000000), {when: new Date(0), gone: undefined, kept: 1}, [undefined, 1]): notepack's timestamp extension; undefined is nil in arrays and dropped in maps; clients get ISO strings and null.", async () => {
    const got = expectEvent(["a1", "b1", "b2"], "dates");
    A.io.emit("dates", new Date(1700000000123), new Date(1700000000000), { when: new Date(0), gone: undefined, kept: 1 }, [undefined, 1]);
    await got;
  });
  await scenario("10-broadcast-to-socket-id", "A: io.to(<b1's id>).emit(\"private\", \"to b1\"): a socket id is a room.", async () => {
    const got = expectEvent(["b1"], "private");
    A.io.to(clients.b1.id).emit("private", "to b1");
    await got;
  });
  await scenario("11-broadcast-namespace-chat", "A: io.of(\"/chat\").emit(\"chatmsg\", \"hi\"): another namespace, its own channels.", async () => {
    const c1 = await connectClient("c2", B, [], "/chat");
    const got = once(c1, "chatmsg", "c2 chatmsg");
    A.io.of("/chat").emit("chatmsg", "hi");
    await got;
  });
  await scenario("12-broadcast-with-ack", "A: io.timeout(5000).emitWithAck(\"ackme\", \"q\"): the request, B's client count and each client's ack (b1 acks with binary, b2 with an object).", async () => {
    const responses = await A.io.timeout(5000).emitWithAck("ackme", "q");
    return responses;
  });
  await scenario("13-broadcast-with-ack-room", "B: io.to(\"room1\").timeout(5000).emitWithAck(\"ackme\", \"r\"): the request from B with a room; A answers with its count and a1's ack.", async () => {
    return await B.io.to("room1").timeout(5000).emitWithAck("ackme", "r");
  });
  await scenario("14-fetch-sockets", "A: io.in(\"room1\").fetchSockets(): the request and B's response with b1 (id, handshake, rooms, data).", async () => {
    const sockets = await A.io.in("room1").fetchSockets();
    return sockets.map((s) => ({ id: s.id, rooms: [...s.rooms], data: s.data, remote: s.constructor.name }));
  });
  await scenario("15-fetch-sockets-all", "A: io.fetchSockets(): every socket of the namespace.", async () => {
    const sockets = await A.io.fetchSockets();
    return sockets.map((s) => s.id).sort();
  });
  await scenario("16-remote-socket-emit", "A: (await io.in(<b1's id>).fetchSockets())[0].emit(\"direct\", 1): the fetchSockets that finds b1, then the RemoteSocket's emit, a broadcast to its id.", async () => {
    const [remote] = await A.io.in(clients.b1.id).fetchSockets();
    const got = expectEvent(["b1"], "direct");
    remote.emit("direct", 1);
    await got;
  });
  await scenario("17-remote-socket-join-leave", "A: remote b1 .join(\"joined-remotely\") then .leave(\"joined-remotely\"): the fetchSockets that finds b1, then socketsJoin/socketsLeave with the socket id as the room.", async () => {
    const [remote] = await A.io.in(clients.b1.id).fetchSockets();
    const joined = once(B.io.of("/").adapter, "join-room", "B join-room");
    remote.join("joined-remotely");
    await joined;
    const left = once(B.io.of("/").adapter, "leave-room", "B leave-room");
    remote.leave("joined-remotely");
    await left;
  });
  await scenario("18-sockets-join", "A: io.in(\"room2\").socketsJoin(\"room3\"): B makes b2 join room3.", async () => {
    const joined = once(B.io.of("/").adapter, "join-room", "B join-room");
    A.io.in("room2").socketsJoin("room3");
    return await joined;
  });
  await scenario("19-sockets-leave", "A: io.in(\"room2\").socketsLeave(\"room3\"): B makes b2 leave room3.", async () => {
    const left = once(B.io.of("/").adapter, "leave-room", "B leave-room");
    A.io.in("room2").socketsLeave("room3");
    return await left;
  });
  if (!sharded) {
    await scenario("20-all-rooms", "A: io.of(\"/\").adapter.allRooms(): NUMSUB, the ALL_ROOMS request and B's rooms.", async () => {
      return [...await A.io.of("/").adapter.allRooms()].sort();
    });
  }
  await scenario("21-server-count", "A: io.of(\"/\").adapter.serverCount(): the command that counts the nodes (no message).", async () => {
    return await A.io.of("/").adapter.serverCount();
  });
  await scenario("22-server-side-emit", "A: io.serverSideEmit(\"hello\", \"world\", 1, Buffer 0a0b): B's \"hello\" listener runs (not A's).", async () => {
    const seen = once(serverEvents, "hello:B", "B hello");
    A.io.serverSideEmit("hello", "world", 1, Buffer.from([0x0a, 0x0b]));
    return await seen;
  });
  await scenario("23-server-side-emit-with-ack", "A: io.serverSideEmitWithAck(\"who\"): B answers \"server-B\".", async () => {
    return await A.io.serverSideEmitWithAck("who");
  });
  await scenario("24-disconnect-sockets", "A: io.in(\"room2\").disconnectSockets(true): B disconnects b2 and closes its connection.", async () => {
    const gone = once(clients.b2, "disconnect", "b2 disconnect");
    A.io.in("room2").disconnectSockets(true);
    const [reason] = await gone;
    return reason;
  });
  await scenario("25-remote-socket-disconnect", "A: remote b1 .disconnect(): the fetchSockets that finds b1, then disconnectSockets(false) with the socket id as the room.", async () => {
    const [remote] = await A.io.in(clients.b1.id).fetchSockets();
    const gone = once(clients.b1, "disconnect", "b1 disconnect");
    remote.disconnect();
    const [reason] = await gone;
    return reason;
  });

  // The emitter speaks the classic adapter's channels only (PUBLISH); a sharded node does not hear it.
  if (!sharded && !specificResponse) {
    await connectClient("b3", B, ["room1"]);
    await connectClient("b4", B, ["room2"]);
    await scenario("30-emitter-to-room", "emitter.to(\"room1\").emit(\"fromEmitter\", \"x\", Buffer 01, new Date(1700000000123)): uid \"emitter\", nsp in the packet.", async () => {
      const got = expectEvent(["a1", "b3"], "fromEmitter");
      emitter.to("room1").emit("fromEmitter", "x", Buffer.from([1]), new Date(1700000000123));
      await got;
    });
    await scenario("31-emitter-all-except-volatile", "emitter.except(\"room2\").volatile.emit(\"fromEmitter2\", 1): opts key order rooms, flags, except.", async () => {
      const got = expectEvent(["a1", "b3"], "fromEmitter2");
      emitter.except("room2").volatile.emit("fromEmitter2", 1);
      await got;
    });
    await scenario("32-emitter-sockets-join", "emitter.in(\"room2\").socketsJoin(\"room3\"): a REMOTE_JOIN without uid.", async () => {
      const joined = once(B.io.of("/").adapter, "join-room", "B join-room");
      emitter.in("room2").socketsJoin("room3");
      return await joined;
    });
    await scenario("33-emitter-sockets-leave", "emitter.in(\"room2\").socketsLeave(\"room3\").", async () => {
      const left = once(B.io.of("/").adapter, "leave-room", "B leave-room");
      emitter.in("room2").socketsLeave("room3");
      return await left;
    });
    await scenario("34-emitter-server-side-emit", "emitter.serverSideEmit(\"hello\", \"from emitter\"): uid \"emitter\", so every node (A and B) runs it.", async () => {
      const seenA = once(serverEvents, "hello:A", "A hello");
      const seenB = once(serverEvents, "hello:B", "B hello");
      emitter.serverSideEmit("hello", "from emitter");
      return [await seenA, await seenB];
    });
    await scenario("35-emitter-disconnect-sockets", "emitter.in(\"room2\").disconnectSockets(): b4 is disconnected (close false).", async () => {
      const gone = once(clients.b4, "disconnect", "b4 disconnect");
      emitter.in("room2").disconnectSockets();
      const [reason] = await gone;
      return reason;
    });
    await scenario("36-emitter-namespace", "emitter.of(\"/chat\").emit(\"chatmsg\", \"from emitter\").", async () => {
      const got = once(clients.c1, "chatmsg", "c1 chatmsg");
      emitter.of("/chat").emit("chatmsg", "from emitter");
      await got;
    });
  }

  // ---- teardown --------------------------------------------------------------------------------------------------
  monitor.close();
  for (const close of closers) await close();
  await redis.stop();
}

for (const mode of modes) {
  await runMode(mode);
}
process.exit(0);
