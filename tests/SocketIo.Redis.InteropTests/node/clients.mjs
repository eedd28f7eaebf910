// socket.io-client 4.8.4 clients for the C# interop tests, driven over stdin: one JSON command per line in, one JSON
// result per line out (tests/TestUtilities/node/client.mjs's `out`). The clients connect to any node of the cluster
// (ours or Node's); a test uses some as control clients (the control events of node-server.mjs, which our test
// nodes answer too) and some as plain members whose received events it checks.
//
//   {"cmd": "connect", "client": "<name>", "url": "http://127.0.0.1:<port>", "transport": "websocket|polling",
//    "auth": {...}, "query": {...}, "ack": true|false|"binary"}
//        -> {"step": "connected", "client", "id", "transport"} or {"step": "connect_error", "client", "message"}
//   {"cmd": "emit", "client": "<name>", "seq": <n>, "event": "<name>", "args": [...]}
//        emits with an ack (the control events ack one value) -> {"step": "ack", "seq", "client", "value"};
//        the args go as JSON, {"$binary"} included: the servers turn those into binary (node-server.mjs's fromWire)
//        or {"step": "ack_timeout", "seq", "client"}
//   {"cmd": "close", "client": "<name>"}   -> {"step": "closed", "client"}
//   {"cmd": "cut", "client": "<name>"}     closes the client's transport as a lost network does (the server sees a
//        transport close) -> {"step": "disconnect", "client", "reason": "forced close"} (its own view of it)
//   {"cmd": "reconnect", "client": "<name>", "url": "http://127.0.0.1:<port>"}
//        reconnects the cut client, to that node: socket.io-client sends the pid and the last offset it got, so a node
//        with connection state recovery recovers it -> {"step": "connected", ..., "recovered": true|false}
// And unprompted, for every member:
//   {"step": "event", "client", "event", "args"}   every event it receives; when the server asks for an ack, it
//        answers {"client", "event"}; with "ack": "binary" it answers a Buffer of its name's UTF-8 instead, and with
//        "ack": false not at all (to leave a broadcast ack unanswered)
//   {"step": "disconnect", "client", "reason"}
// Binary and dates a member receives are written {"$binary": "<hex>"} and {"$date": "<ISO>"} (lib/wire-values.mjs).
// Reconnection is off: a server's disconnect is final, as the tests expect. The process exits when stdin closes.
import { createInterface } from "node:readline";
import { io } from "socket.io-client";
import { out, log, transportOptions, WAIT_MS } from "../../TestUtilities/node/client.mjs";
import { toWire } from "./lib/wire-values.mjs";

const clients = new Map();

function connect({ client, url, transport, auth, query, ack = true }) {
  const socket = io(url, {
    ...transportOptions(transport),
    auth: auth ?? {},
    query: query ?? {},
    reconnection: false,
    forceNew: true,
    timeout: WAIT_MS,
  });
  clients.set(client, socket);
  socket.on("connect", () => out("connected", { client, id: socket.id, transport: socket.io.engine.transport.name, recovered: socket.recovered }));
  socket.on("connect_error", (err) => out("connect_error", { client, message: err.message }));
  socket.on("disconnect", (reason) => out("disconnect", { client, reason }));
  socket.onAny((event, ...args) => {
    const answer = typeof args[args.length - 1] === "function" ? args.pop() : null;
    out("event", { client, event, args: toWire(args) });
    if (answer && ack === "binary") answer(Buffer.from(client));
    else if (answer && ack) answer({ client, event });
  });
}

function emit({ client, seq, event, args }) {
  const socket = clients.get(client);
  if (!socket) throw new Error(`no client ${client}`);
  socket.timeout(WAIT_MS).emit(event, ...(args ?? []), (err, value) => {
    if (err) out("ack_timeout", { seq, client });
    else out("ack", { seq, client, value: toWire(value ?? null) });
  });
}

function close({ client }) {
  clients.get(client)?.disconnect();
  clients.delete(client);
  out("closed", { client });
}

function cut({ client }) {
  const socket = clients.get(client);
  if (!socket) throw new Error(`no client ${client}`);
  socket.io.engine.close();
}

// The manager opens its next engine on its uri: pointing it at another node moves the client there.
function reconnect({ client, url }) {
  const socket = clients.get(client);
  if (!socket) throw new Error(`no client ${client}`);
  socket.io.uri = url;
  socket.connect();
}

const commands = { connect, emit, close, cut, reconnect };
const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (!line.trim()) return;
  try {
    const command = JSON.parse(line);
    const run = commands[command.cmd];
    if (!run) throw new Error(`unknown command ${command.cmd}`);
    run(command);
  } catch (e) {
    log(`bad command ${line}: ${e.stack ?? e}`);
    out("error", { message: String(e.message ?? e), line });
  }
});
lines.on("close", () => {
  for (const socket of clients.values()) socket.disconnect();
  process.exit(0);
});
out("ready");
