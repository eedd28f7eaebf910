// A Node node of a mixed cluster: socket.io 4.8.4 on @socket.io/redis-adapter 8.3.0 (classic or sharded) or
// @socket.io/redis-streams-adapter 0.3.1 (with --recovery, connection state recovery on), for the
// interop tests to run beside our nodes on one Redis. Listens on loopback only and prints `listening <port>` once it
// accepts connections; exits on SIGTERM/SIGINT, and with --watch-stdin also when its stdin closes (so a test process
// that dies leaves nothing behind).
//
//   node node-server.mjs --redis <host:port> [--port 0] [--adapter redis|redis-sharded|redis-streams]
//                        [--subscription-mode dynamic|static] [--requests-timeout 5000] [--name <label>] [--watch-stdin]
//                        [--recovery]
//
// Events on "/" (every ack is the last argument). The bench events, as benchmarks/reference/server.mjs has them:
//   echo(...args, ack)            acks the same arguments
//   join(room, ack)               joins the room, acks ()
//   broadcast({room, seq, payload}, ack)   emits tick {seq, payload} to the room (whole cluster), acks ()
//   count(room, ack)              acks the number of sockets in the room in the whole cluster (fetchSockets), -1 on failure
//   kick(room, ack)               disconnects the room's sockets on every node (close: true), then acks ()
//   servers(ack)                  acks the other nodes' answers to serverSideEmitWithAck("who"), sorted
// What the interop tests need besides (arguments are JSON; {"$binary": "<hex>"} and {"$date": "<ISO>"} inside
// `args` become a Buffer and a Date, so binary and dates can cross the adapter from Node):
//   info(ack)                     acks {pid, name, adapter, uid (this node's adapter uid for "/"), port}
//   leave(room, ack)              leaves the room, acks ()
//   setData(data, ack)            sets socket.data, acks ()
//   emitTo({rooms, except, event, args, volatile, local}, ack)     io.to(rooms).except(except).emit(...), acks ()
//   emitWithAckTo({rooms, except, event, args, timeout}, ack)     io.timeout(t).to(rooms).emit(..., cb);
//                                 acks {error: message or null, responses: [...]} (responses in arrival order)
//   fetch({rooms, except}, ack)   acks [{id, rooms, data, handshake: {auth, query, address, issued, url}}] sorted by id,
//                                 or {error}
//   socketsJoin({rooms, except, join}, ack) / socketsLeave({rooms, except, leave}, ack)   acks ()
//   disconnectSockets({rooms, except, close}, ack)                acks ()
//   remoteEmit({id, event, args}, ack)    fetchSockets on the socket id, RemoteSocket.emit, acks the count found
//   remoteJoin({id, room}, ack) / remoteLeave({id, room}, ack) / remoteDisconnect({id, close}, ack)   likewise
//   serverSideEmit({event, args}, ack)    io.serverSideEmit(event, ...args), acks ()
//   serverSideEmitWithAck({event, args}, ack)   acks {error: message or null, responses}
//   received(ack)                 acks what this node got from other nodes by serverSideEmit: [{event, args}]
//   allRooms(ack)                 classic only: acks adapter.allRooms() sorted
// Server-side events it answers: "who" (its pid as a string), "ask" (acks {name, args}); "hello" and "note" are
// recorded for `received` (and acked with {name, args} if the sender asked for an ack).
import { createServer } from "node:http";
import { Server } from "socket.io";
import { createClient } from "redis";
import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";
import { createAdapter as createStreamsAdapter } from "@socket.io/redis-streams-adapter";
import { fromWire, toWire } from "./lib/wire-values.mjs";

const argv = process.argv.slice(2);
function flag(name, fallback) {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : fallback;
}
const redis = flag("--redis");
const port = Number(flag("--port", "0"));
const adapterKind = flag("--adapter", "redis");
const subscriptionMode = flag("--subscription-mode", "dynamic");
const requestsTimeout = Number(flag("--requests-timeout", "5000"));
const name = flag("--name", `node-${process.pid}`);
const recovery = argv.includes("--recovery");
if (!redis || !/^[^:\s]+:\d+$/.test(redis) || !["redis", "redis-sharded", "redis-streams"].includes(adapterKind)
  || !["dynamic", "static"].includes(subscriptionMode) || !Number.isInteger(port) || !(requestsTimeout > 0)) {
  console.error("usage: node node-server.mjs --redis <host:port> [--port 0] [--adapter redis|redis-sharded|redis-streams] "
    + "[--subscription-mode dynamic|static] [--requests-timeout 5000] [--name <label>] [--recovery]");
  process.exit(2);
}

const pubClient = createClient({ url: `redis://${redis}` });
const subClient = pubClient.duplicate();
for (const client of [pubClient, subClient]) client.on("error", (e) => console.error(`redis: ${e.message}`));
await Promise.all([pubClient.connect(), subClient.connect()]);

const httpServer = createServer();
// --recovery: connection state recovery with Node's defaults (a 2 minute window, middlewares skipped).
const io = new Server(httpServer, recovery ? { connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000 } } : {});
// The streams adapter takes one client (it duplicates it for its XREAD loop and its subscriptions).
io.adapter(adapterKind === "redis-sharded" ? createShardedAdapter(pubClient, subClient, { subscriptionMode })
  : adapterKind === "redis-streams" ? createStreamsAdapter(pubClient)
  : createAdapter(pubClient, subClient, { requestsTimeout }));

// Server-side events from the other nodes (and the emitter): "who" and "ask" answer; "hello" and "note" are recorded
// for `received` (and acked with {name, args} when the sender wants an ack).
const received = [];
io.on("who", (ack) => ack(String(process.pid)));
io.on("ask", (...args) => {
  const ack = args.pop();
  if (typeof ack === "function") ack({ name, args: toWire(args) });
});
for (const event of ["hello", "note"]) {
  io.on(event, (...args) => {
    const ack = typeof args[args.length - 1] === "function" ? args.pop() : null;
    received.push({ event, args: toWire(args) });
    ack?.({ name, args: toWire(args) });
  });
}

const target = ({ rooms = [], except = [] } = {}) => io.to(rooms).except(except);
const describe = (s) => ({
  id: s.id,
  rooms: [...s.rooms].sort(),
  data: s.data ?? null,
  handshake: { auth: s.handshake.auth, query: s.handshake.query, address: s.handshake.address, issued: s.handshake.issued, url: s.handshake.url },
});
const safe = (handler) => async (...args) => {
  const ack = typeof args[args.length - 1] === "function" ? args.pop() : () => {};
  try {
    await handler(ack, ...args);
  } catch (e) {
    ack({ error: e.message });
  }
};
async function onRemote(id, action) {
  const sockets = await io.in(id).fetchSockets();
  for (const s of sockets) action(s);
  return sockets.length;
}

io.on("connection", (socket) => {
  socket.on("echo", (...args) => {
    const ack = args.pop();
    if (typeof ack === "function") ack(...args);
  });
  socket.on("join", (room, ack) => { socket.join(room); if (typeof ack === "function") ack(); });
  socket.on("broadcast", ({ room, seq, payload }, ack) => {
    io.to(room).emit("tick", { seq, payload });
    if (typeof ack === "function") ack();
  });
  socket.on("count", async (room, ack) => {
    if (typeof ack !== "function") return;
    try { ack((await io.in(room).fetchSockets()).length); } catch { ack(-1); }
  });
  socket.on("kick", (room, ack) => {
    io.in(room).disconnectSockets(true);
    if (typeof ack === "function") ack();
  });
  socket.on("servers", (ack) => {
    if (typeof ack !== "function") return;
    io.serverSideEmit("who", (_err, responses) => ack([...(responses ?? [])].map(String).sort()));
  });

  socket.on("info", safe((ack) => ack({ pid: process.pid, name, adapter: adapterKind, subscriptionMode, uid: io.of("/").adapter.uid, port: httpServer.address().port })));
  socket.on("leave", safe((ack, room) => { socket.leave(room); ack(); }));
  socket.on("setData", safe((ack, data) => { socket.data = data; ack(); }));
  socket.on("emitTo", safe((ack, o) => {
    let op = target(o);
    if (o.volatile) op = op.volatile;
    if (o.local) op = op.local;
    op.emit(o.event, ...fromWire(o.args ?? []));
    ack();
  }));
  socket.on("emitWithAckTo", safe((ack, o) => {
    target(o).timeout(o.timeout ?? 5000).emit(o.event, ...fromWire(o.args ?? []), (err, responses) => {
      ack({ error: err ? err.message : null, responses: toWire(responses ?? []) });
    });
  }));
  socket.on("fetch", safe(async (ack, o) => {
    const sockets = await target(o).fetchSockets();
    ack(sockets.map(describe).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));
  }));
  socket.on("socketsJoin", safe((ack, o) => { target(o).socketsJoin(o.join); ack(); }));
  socket.on("socketsLeave", safe((ack, o) => { target(o).socketsLeave(o.leave); ack(); }));
  socket.on("disconnectSockets", safe((ack, o) => { target(o).disconnectSockets(!!o.close); ack(); }));
  socket.on("remoteEmit", safe(async (ack, o) => ack(await onRemote(o.id, (s) => s.emit(o.event, ...fromWire(o.args ?? [])))))) ;
  socket.on("remoteJoin", safe(async (ack, o) => ack(await onRemote(o.id, (s) => s.join(o.room)))));
  socket.on("remoteLeave", safe(async (ack, o) => ack(await onRemote(o.id, (s) => s.leave(o.room)))));
  socket.on("remoteDisconnect", safe(async (ack, o) => ack(await onRemote(o.id, (s) => s.disconnect(!!o.close)))));
  socket.on("serverSideEmit", safe((ack, o) => { io.serverSideEmit(o.event, ...fromWire(o.args ?? [])); ack(); }));
  socket.on("serverSideEmitWithAck", safe((ack, o) => {
    io.serverSideEmit(o.event, ...fromWire(o.args ?? []), (err, responses) => {
      ack({ error: err ? err.message : null, responses: toWire(responses ?? []) });
    });
  }));
  socket.on("received", safe((ack) => ack(received)));
  socket.on("allRooms", safe(async (ack) => {
    if (typeof io.of("/").adapter.allRooms !== "function") return ack({ error: "allRooms is not available on this adapter" });
    ack([...await io.of("/").adapter.allRooms()].sort());
  }));
});

httpServer.listen(port, "127.0.0.1", () => console.log(`listening ${httpServer.address().port}`));

let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(0), 3000).unref();
  io.close(() => {
    Promise.allSettled([pubClient.disconnect(), subClient.disconnect()]).then(() => process.exit(0));
  });
}
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
if (argv.includes("--watch-stdin")) {
  process.stdin.on("end", stop);
  process.stdin.on("error", stop);
  process.stdin.resume();
}
