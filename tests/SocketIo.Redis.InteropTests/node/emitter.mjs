// Publishes one operation with @socket.io/redis-emitter 5.1.0 (uid "emitter"), the way a Node worker outside the
// cluster would, then exits once Redis has it (QUIT runs after the queued PUBLISH).
//
//   node emitter.mjs --redis <host:port> '<operation JSON>'
//
// Operations (nsp defaults to "/", rooms/except to []; args as in node-server.mjs: {"$binary": hex}, {"$date": ISO}):
//   {"op": "emit", "nsp", "rooms", "except", "volatile", "event", "args"}
//   {"op": "socketsJoin", "nsp", "rooms", "except", "join": room or [rooms]}
//   {"op": "socketsLeave", "nsp", "rooms", "except", "leave": room or [rooms]}
//   {"op": "disconnectSockets", "nsp", "rooms", "except", "close": bool}
//   {"op": "serverSideEmit", "nsp", "event", "args"}
// The emitter speaks the classic adapter's channels only: nodes on createShardedAdapter do not hear it.
import { createClient } from "redis";
import { Emitter } from "@socket.io/redis-emitter";
import { fromWire } from "./lib/wire-values.mjs";

const argv = process.argv.slice(2);
const i = argv.indexOf("--redis");
const redis = i >= 0 ? argv[i + 1] : undefined;
const json = argv.find((a, k) => k !== i && k !== i + 1);
let op;
try {
  op = JSON.parse(json ?? "");
} catch {
  op = null;
}
if (!redis || !/^[^:\s]+:\d+$/.test(redis) || !op || typeof op.op !== "string") {
  console.error("usage: node emitter.mjs --redis <host:port> '<operation JSON>'");
  process.exit(2);
}

const client = createClient({ url: `redis://${redis}` });
client.on("error", (e) => console.error(`redis: ${e.message}`));
await client.connect();
let target = new Emitter(client).of(op.nsp ?? "/");
const scoped = () => {
  let t = target;
  for (const room of op.rooms ?? []) t = t.to(room);
  for (const room of op.except ?? []) t = t.except(room);
  return t;
};
switch (op.op) {
  case "emit": {
    let t = scoped();
    if (op.volatile) t = t.volatile;
    t.emit(op.event, ...fromWire(op.args ?? []));
    break;
  }
  case "socketsJoin": scoped().socketsJoin(op.join); break;
  case "socketsLeave": scoped().socketsLeave(op.leave); break;
  case "disconnectSockets": scoped().disconnectSockets(!!op.close); break;
  case "serverSideEmit": target.serverSideEmit(op.event, ...fromWire(op.args ?? [])); break;
  default:
    console.error(`unknown op ${op.op}`);
    await client.quit();
    process.exit(2);
}
await client.quit();
console.log("published");
