// The cluster side of the bench server, shared with nothing else per connection: `--redis <host:port>` and
// `--adapter redis|redis-sharded|redis-streams` put the namespace on @socket.io/redis-adapter 8.3.0 (createAdapter or
// createShardedAdapter, node-redis clients) or on @socket.io/redis-streams-adapter 0.3.1 (createAdapter with its default
// options: one stream "socket.io", MAXLEN ~ 10,000, sessions under sio:session:), and the three cluster events work
// across every node on that Redis:
//   count(room, ack)   acks the number of sockets in the room in the whole cluster (fetchSockets), -1 if that failed
//   kick(room, ack)    disconnects the room's sockets on every node (disconnectSockets), then acks
//   servers(ack)       acks the other nodes' answers to serverSideEmitWithAck("who"), sorted (strings, by code unit);
//                      on a timeout, the answers that came
// and every node answers "who" with its process id as a string.
import { createClient } from "redis";
import { createAdapter, createShardedAdapter } from "@socket.io/redis-adapter";
import { createAdapter as createStreamsAdapter } from "@socket.io/redis-streams-adapter";

const adapters = ["redis", "redis-sharded", "redis-streams"];

function flag(argv, name) {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

// Reads the flags; null without --redis (the single-process bench server).
export function parseCluster(argv) {
  const redis = flag(argv, "--redis");
  const adapter = flag(argv, "--adapter") ?? (redis ? "redis" : undefined);
  if (adapter === undefined) return null;
  if (!redis || !/^[^:\s]+:\d+$/.test(redis) || !adapters.includes(adapter)) {
    console.error("usage: --redis <host:port> [--adapter redis|redis-sharded|redis-streams]   (--adapter needs --redis)");
    process.exit(2);
  }
  return { redis, adapter };
}

// Connects the Redis client(s) and installs the adapter on every namespace of `io`. The streams adapter takes one
// client and duplicates it itself for its blocking XREAD and its subscriptions.
export async function useRedisAdapter(io, { redis, adapter }) {
  if (adapter === "redis-streams") {
    const client = createClient({ url: `redis://${redis}` });
    client.on("error", (e) => console.error(`redis: ${e.message}`));
    await client.connect();
    io.adapter(createStreamsAdapter(client));
    io.on("who", (ack) => ack(String(process.pid)));
    return async () => {
      await Promise.allSettled([client.disconnect()]);
    };
  }

  const pubClient = createClient({ url: `redis://${redis}` });
  const subClient = pubClient.duplicate();
  for (const client of [pubClient, subClient]) client.on("error", (e) => console.error(`redis: ${e.message}`));
  await Promise.all([pubClient.connect(), subClient.connect()]);
  io.adapter(adapter === "redis-sharded" ? createShardedAdapter(pubClient, subClient) : createAdapter(pubClient, subClient));
  io.on("who", (ack) => ack(String(process.pid)));
  return async () => {
    await Promise.allSettled([pubClient.disconnect(), subClient.disconnect()]);
  };
}

// The cluster events on one socket; `io` is the server (main namespace).
export function attachClusterEvents(io, socket) {
  socket.on("count", async (room, ack) => {
    if (typeof ack !== "function") return;
    try {
      ack((await io.in(room).fetchSockets()).length);
    } catch {
      ack(-1);
    }
  });

  socket.on("kick", (room, ack) => {
    io.in(room).disconnectSockets(true);
    if (typeof ack === "function") ack();
  });

  socket.on("servers", (ack) => {
    if (typeof ack !== "function") return;
    io.serverSideEmit("who", (_err, responses) => ack([...(responses ?? [])].map(String).sort()));
  });
}
