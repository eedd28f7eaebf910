// Checks node-server.mjs and emitter.mjs as a two-node cluster on a private redis-server, for the classic adapter and
// the sharded one in both subscription modes: the bench events (broadcast, count, kick, servers) and what the C#
// interop tests will drive (emits with binary and dates, broadcast acks, fetchSockets, remote sockets,
// socketsJoin, serverSideEmit with and without ack, the emitter). One client is on WebSocket, the other on
// long-polling. Exits 1 on the first failed check.
//
//   node check-cluster.mjs [classic] [sharded-dynamic] [sharded-static]
import { spawn } from "node:child_process";
import { once } from "node:events";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import assert from "node:assert/strict";
import { io as ioc } from "socket.io-client";
import { startRedis } from "./lib/redis-server.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const TIMEOUT_MS = 10_000;
const modes = process.argv.slice(2).length ? process.argv.slice(2) : ["classic", "sharded-dynamic", "sharded-static"];

function within(promise, what) {
  let timer;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), TIMEOUT_MS); }),
  ]);
}

async function startNode(redisPort, mode, label) {
  const args = [join(here, "node-server.mjs"), "--redis", `127.0.0.1:${redisPort}`, "--name", label, "--watch-stdin"];
  if (mode === "classic") args.push("--adapter", "redis");
  else args.push("--adapter", "redis-sharded", "--subscription-mode", mode.slice("sharded-".length));
  const child = spawn(process.execPath, args, { stdio: ["pipe", "pipe", "inherit"] });
  let out = "";
  const port = await within(new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      out += chunk;
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once("exit", (code) => reject(new Error(`${label} exited with ${code}`)));
  }), `${label} listening`);
  return {
    label, port, pid: child.pid,
    stop: async () => { if (child.exitCode === null) { child.kill("SIGTERM"); await once(child, "exit"); } },
  };
}

async function connect(node, name, transport) {
  const socket = ioc(`http://127.0.0.1:${node.port}`, { transports: [transport], reconnection: false, forceNew: true, auth: { name } });
  await within(once(socket, "connect"), `${name} connect`);
  return socket;
}

const call = (socket, event, ...args) => within(socket.timeout(TIMEOUT_MS).emitWithAck(event, ...args), `${event}`);
const next = (socket, event) => within(once(socket, event), `event ${event}`);

function runEmitter(redisPort, op) {
  const child = spawn(process.execPath, [join(here, "emitter.mjs"), "--redis", `127.0.0.1:${redisPort}`, JSON.stringify(op)], { stdio: ["ignore", "pipe", "inherit"] });
  return within(once(child, "exit").then(([code]) => assert.equal(code, 0, "emitter exit code")), "emitter");
}

async function check(mode) {
  const redis = await startRedis();
  const n1 = await startNode(redis.port, mode, "n1");
  const n2 = await startNode(redis.port, mode, "n2");
  const sockets = [];
  try {
    const control1 = await connect(n1, "control1", "websocket");
    const control2 = await connect(n2, "control2", "websocket");
    const c1 = await connect(n1, "c1", "websocket");
    const c2 = await connect(n2, "c2", "polling");
    sockets.push(control1, control2, c1, c2);
    // Joins, leaves and disconnects for other nodes are published without an answer, and a node's fetchSockets
    // counts its own sockets before it asks the others: a round trip from each node through the other's
    // subscription (which carries messages in order) makes sure both nodes have applied what came before.
    const barrier = async () => {
      await call(control2, "serverSideEmitWithAck", { event: "ask", args: [] });
      await call(control1, "serverSideEmitWithAck", { event: "ask", args: [] });
    };
    await call(c1, "join", "r");
    await call(c2, "join", "r");
    await call(c2, "setData", { who: "c2" });

    // servers: the other node's pid, as a string
    assert.deepEqual(await call(control1, "servers"), [String(n2.pid)], "servers from n1");
    assert.deepEqual(await call(control2, "servers"), [String(n1.pid)], "servers from n2");

    // broadcast (the bench event): one tick on each node's client, nothing on the controls
    const ticks = [next(c1, "tick"), next(c2, "tick")];
    await call(control1, "broadcast", { room: "r", seq: 1, payload: "p" });
    for (const [tick] of await Promise.all(ticks)) assert.deepEqual(tick, { seq: 1, payload: "p" });

    // count across the cluster, from either node
    assert.equal(await call(control1, "count", "r"), 2, "count from n1");
    assert.equal(await call(control2, "count", "r"), 2, "count from n2");

    // binary and a Date across the adapter: a Buffer and the ISO string on the other node's polling client
    const got = next(c2, "mixed");
    await call(control1, "emitTo", { rooms: ["r"], event: "mixed", args: [{ $binary: "00ff10" }, { $date: "2023-11-14T22:13:20.123Z" }, { n: 1 }] });
    const [bin, date, obj] = await got;
    assert.deepEqual([...bin], [0x00, 0xff, 0x10], "binary arrived as binary");
    assert.equal(date, "2023-11-14T22:13:20.123Z");
    assert.deepEqual(obj, { n: 1 });

    // broadcast with acks: both clients answer, the one on the other node with binary
    c1.on("question", (q, ack) => ack(`c1:${q}`));
    c2.on("question", (q, ack) => ack(Buffer.from([0xc2])));
    const acked = await call(control1, "emitWithAckTo", { rooms: ["r"], event: "question", args: ["q"], timeout: 5000 });
    assert.equal(acked.error, null, "emitWithAck error");
    assert.deepEqual(acked.responses.map(JSON.stringify).sort(), [JSON.stringify("c1:q"), JSON.stringify({ $binary: "c2" })].sort());

    // fetchSockets: both members, with the remote one's data and handshake
    const fetched = await call(control1, "fetch", { rooms: ["r"] });
    assert.deepEqual(fetched.map((s) => s.id).sort(), [c1.id, c2.id].sort(), "fetch ids");
    const remote = fetched.find((s) => s.id === c2.id);
    assert.deepEqual(remote.data, { who: "c2" });
    assert.deepEqual(remote.rooms, [c2.id, "r"].sort());
    assert.equal(remote.handshake.auth.name, "c2");
    assert.equal(remote.handshake.query.transport, "polling");

    // a remote socket: emit, join, leave
    const direct = next(c2, "direct");
    assert.equal(await call(control1, "remoteEmit", { id: c2.id, event: "direct", args: [7] }), 1);
    assert.deepEqual(await direct, [7]);
    await call(control1, "remoteJoin", { id: c2.id, room: "solo" });
    await barrier();
    assert.equal(await call(control1, "count", "solo"), 1, "count after remoteJoin");
    await call(control1, "remoteLeave", { id: c2.id, room: "solo" });
    await barrier();
    assert.equal(await call(control1, "count", "solo"), 0, "count after remoteLeave");

    // socketsJoin / socketsLeave for the whole room, from n2
    await call(control2, "socketsJoin", { rooms: ["r"], join: "r2" });
    await barrier();
    assert.equal(await call(control1, "count", "r2"), 2, "count after socketsJoin");
    await call(control2, "socketsLeave", { rooms: ["r"], leave: "r2" });
    await barrier();
    assert.equal(await call(control1, "count", "r2"), 0, "count after socketsLeave");

    // serverSideEmit without ack, then with: the ack orders it, so n2 has the first by then
    await call(control1, "serverSideEmit", { event: "note", args: ["n", { $binary: "01" }] });
    const answered = await call(control1, "serverSideEmitWithAck", { event: "hello", args: ["h"] });
    assert.equal(answered.error, null);
    assert.deepEqual(answered.responses, [{ name: "n2", args: ["h"] }]);
    const seen = await call(control2, "received");
    // The classic adapter's requests are JSON: a Buffer argument arrives as JSON.stringify made it.
    const noteArgs = mode === "classic" ? ["n", { type: "Buffer", data: [1] }] : ["n", { $binary: "01" }];
    assert.deepEqual(seen, [{ event: "note", args: noteArgs }, { event: "hello", args: ["h"] }], "n2 received");

    if (mode === "classic") {
      // allRooms across both nodes
      const rooms = await call(control1, "allRooms");
      assert.ok(rooms.includes("r") && rooms.includes(c2.id) && rooms.includes(c1.id), "allRooms");

      // the emitter: to a room on both nodes, and a server-side emit that every node runs
      const fromEmitter = [next(c1, "fromEmitter"), next(c2, "fromEmitter")];
      await runEmitter(redis.port, { op: "emit", rooms: ["r"], event: "fromEmitter", args: ["e", { $binary: "0102" }] });
      for (const [text, buf] of await Promise.all(fromEmitter)) {
        assert.equal(text, "e");
        assert.deepEqual([...buf], [1, 2]);
      }
      await runEmitter(redis.port, { op: "serverSideEmit", event: "note", args: ["from emitter"] });
      // A request from the other node reaches each node after the emitter's message (one connection, in order).
      await barrier();
      for (const control of [control1, control2]) {
        const got2 = await call(control, "received");
        assert.ok(got2.some((e) => e.event === "note" && e.args[0] === "from emitter"), "emitter serverSideEmit reached every node");
      }
      await runEmitter(redis.port, { op: "socketsJoin", rooms: ["r"], join: "viaEmitter" });
      await barrier();
      assert.equal(await call(control1, "count", "viaEmitter"), 2, "count after the emitter's socketsJoin");
    }

    // kick: both members disconnected, from the node that has only one of them
    const gone = [next(c1, "disconnect"), next(c2, "disconnect")];
    await call(control2, "kick", "r");
    for (const [reason] of await Promise.all(gone)) assert.equal(reason, "io server disconnect");
    await barrier();
    assert.equal(await call(control1, "count", "r"), 0, "count after kick");
    console.log(`${mode}: ok`);
  } finally {
    for (const s of sockets) s.disconnect();
    await n1.stop();
    await n2.stop();
    await redis.stop();
  }
}

try {
  for (const mode of modes) await check(mode);
  process.exit(0);
} catch (e) {
  console.error(e);
  process.exit(1);
}
