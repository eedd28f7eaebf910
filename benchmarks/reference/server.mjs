// The Node reference for the side-by-side benchmarks: socket.io 4.8.4 with its default options (both transports,
// default pingInterval, maxHttpBufferSize, ...), and the three bench events on the main namespace. Nothing else
// happens per connection, so its memory per connection is the library's own.
//
//   node server.mjs --port <port>      prints "listening <port>" once it accepts connections
//   node server.mjs --port <port> --redis <host:port> [--adapter redis|redis-sharded|redis-streams]
//                                      one node of a cluster on @socket.io/redis-adapter (or, with redis-streams,
//                                      @socket.io/redis-streams-adapter), with the cluster events count, kick and
//                                      servers (cluster.mjs)
//   --recovery                         connection state recovery on, with socket.io's defaults
//                                      (maxDisconnectionDuration 2 min, skipMiddlewares true); alone or with a cluster
//   node server.mjs --port <port> --admin-password <pw>
//                                      the @socket.io/admin-ui dashboard's protocol on /admin (user admin), through
//                                      @socket.io/admin-ui itself, as the C# twin's --admin-password
//   node server.mjs --port <port> --parser msgpack
//                                      with socket.io-msgpack-parser (pinned in package.json) instead of the default
import { createServer } from "node:http";
import { instrument } from "@socket.io/admin-ui";
import bcrypt from "bcryptjs";
import { Server } from "socket.io";
import msgpackParser from "socket.io-msgpack-parser";
import { parsePort, serve } from "./process.mjs";
import { attachClusterEvents, parseCluster, useRedisAdapter } from "./cluster.mjs";

const argv = process.argv.slice(2);
const port = parsePort(argv);
const cluster = parseCluster(argv);
const adminPassword = parseAdminPassword(argv);
const parserIndex = argv.indexOf("--parser");
const parserName = parserIndex >= 0 ? argv[parserIndex + 1] : "default";
if (parserName !== "default" && parserName !== "msgpack") {
  console.error(`--parser must be default or msgpack, not '${parserName}'`);
  process.exit(2);
}
const httpServer = createServer();
// The dashboard is served from another origin and connects with credentials: any origin is echoed, as the C# twin does.
// `connectionStateRecovery: {}` takes socket.io's defaults for every field, as a user who just turns it on would.
const io = new Server(httpServer, {
  ...(adminPassword ? { cors: { origin: true, credentials: true } } : {}),
  ...(argv.includes("--recovery") ? { connectionStateRecovery: {} } : {}),
  ...(parserName === "msgpack" ? { parser: msgpackParser } : {}),
});
const closeRedis = cluster ? await useRedisAdapter(io, cluster) : async () => {};
if (adminPassword) {
  instrument(io, { auth: { type: "basic", username: "admin", password: bcrypt.hashSync(adminPassword, 10) } });
}

io.on("connection", (socket) => {
  // Acks with exactly the arguments received (Buffers go back as binary attachments).
  socket.on("echo", (...args) => {
    const ack = args.pop();
    if (typeof ack === "function") ack(...args);
  });

  socket.on("join", (room, ack) => {
    socket.join(room);
    if (typeof ack === "function") ack();
  });

  socket.on("broadcast", ({ room, seq, payload }, ack) => {
    io.to(room).emit("tick", { seq, payload });
    if (typeof ack === "function") ack();
  });

  if (cluster) attachClusterEvents(io, socket);
});

serve(httpServer, port, (done) => io.close(() => closeRedis().then(done)));

function parseAdminPassword(args) {
  const i = args.indexOf("--admin-password");
  if (i < 0) return null;
  const password = args[i + 1];
  if (!password || password.startsWith("--")) {
    console.error("usage: --admin-password <password>   (not empty)");
    process.exit(2);
  }
  return password;
}
