// A remote-controlled socket.io-client for the tests: commands come on stdin, one JSON object per line; everything the
// sockets see goes to stdout, one JSON object per line, in the order Node saw it. The C# side (NodeDriver) awaits
// those lines, so a test can interleave socket steps with its own HTTP calls and with what it does to the server.
//
// Commands ({"id": n, "op": ..., ...}; each answered by {"ev":"reply","id":n,...}):
//   connect  {sock, url, mode: "websocket"|"polling"|"upgrade", auth?, authJson?, extraHeaders?, reconnection?, reregister?}
//            opens a socket of its own Manager (forceNew); reconnection is off unless asked (delay 50-250 ms then);
//            with reregister, the jobs it registered are registered again after every reconnect, as the guide asks.
//   emit     {sock, event, args: [...], ack: bool}   with ack, the reply carries the ack's arguments.
//            argsJson (a string of JSON, parsed here) may stand for args, and authJson for auth: the way to send what
//            the test's own JSON writer refuses, such as a lone surrogate ("\ud800").
//   drop     {sock, stayAway?}   socket.io.engine.close(): the connection drops as if the network had (a reconnect
//            follows; with stayAway, only at "reconnect").
//   reconnect {sock}  after a drop with stayAway: connects the socket again (socket.io-client sends its pid and offset).
//   close    {sock}   socket.disconnect().
//   exit     ends the process.
// Events ({"ev": ..., "sock": name, ...}): connect, connection_ack, connect_error, disconnect, reconnect, upgrade,
// scriptResult, scriptProgress, reregistered.
import readline from "node:readline";
import { io } from "socket.io-client";
import { transportOptions } from "../../TestUtilities/node/client.mjs";

const ACK_TIMEOUT_MS = 20000;
const sockets = new Map();

function emitLine(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

function connect(cmd) {
  const { sock, url, mode = "websocket", extraHeaders, reconnection = false, reregister = false } = cmd;
  const auth = cmd.authJson != null ? JSON.parse(cmd.authJson) : cmd.auth;
  const socket = io(url, {
    ...transportOptions(mode),
    forceNew: true,
    autoConnect: false,
    reconnection,
    reconnectionDelay: 50,
    reconnectionDelayMax: 250,
    randomizationFactor: 0,
    timeout: 10000,
    ...(auth ? { auth } : {}),
    ...(extraHeaders ? { extraHeaders } : {}),
  });
  const entry = { socket, registered: new Set() };
  sockets.set(sock, entry);

  socket.on("connect", () => emitLine({ ev: "connect", sock, socketId: socket.id, transport: socket.io.engine.transport.name }));
  socket.on("connection_ack", (ack) => emitLine({ ev: "connection_ack", sock, ack, socketId: socket.id }));
  socket.on("connect_error", (err) => emitLine({ ev: "connect_error", sock, message: err.message, data: err.data ?? null }));
  socket.on("disconnect", (reason) => emitLine({ ev: "disconnect", sock, reason }));
  socket.on("scriptResult", (result) => emitLine({ ev: "scriptResult", sock, socketId: socket.id, result }));
  socket.on("scriptProgress", (progress) => emitLine({ ev: "scriptProgress", sock, progress }));
  socket.io.on("open", () => {
    socket.io.engine.on("upgrade", (transport) => emitLine({ ev: "upgrade", sock, transport: transport.name }));
  });
  socket.io.on("reconnect", (attempt) => {
    emitLine({ ev: "reconnect", sock, attempt });
    if (reregister) {
      for (const jobId of entry.registered) {
        socket.timeout(ACK_TIMEOUT_MS).emit("register", jobId, (err, ack) =>
          emitLine({ ev: "reregistered", sock, jobId, ack: ack ?? null, error: err ? err.message : null }),
        );
      }
    }
  });
  socket.connect();
}

function run(cmd) {
  const reply = (data = {}) => emitLine({ ev: "reply", id: cmd.id, ...data });
  switch (cmd.op) {
    case "connect":
      connect(cmd);
      reply();
      return;
    case "emit": {
      const entry = sockets.get(cmd.sock);
      const args = cmd.argsJson != null ? JSON.parse(cmd.argsJson) : (cmd.args ?? []);
      if (!cmd.ack) {
        entry.socket.emit(cmd.event, ...args);
        reply();
        return;
      }

      entry.socket.timeout(ACK_TIMEOUT_MS).emit(cmd.event, ...args, (err, ...ackArgs) => {
        if (err) {
          reply({ timedOut: true, args: [] });
          return;
        }

        const ack = ackArgs[0];
        if (cmd.event === "register" && ack?.status === "success") {
          entry.registered.add(ack.jobId);
        } else if (cmd.event === "unregister" && ack?.status === "success") {
          entry.registered.delete(ack.jobId);
        }

        reply({ timedOut: false, args: ackArgs });
      });
      return;
    }
    case "drop": {
      const { socket } = sockets.get(cmd.sock);
      if (cmd.stayAway) {
        socket.io.reconnection(false);
      }

      socket.io.engine.close();
      reply();
      return;
    }
    case "reconnect": {
      const { socket } = sockets.get(cmd.sock);
      socket.io.reconnection(true);
      socket.connect();
      reply();
      return;
    }
    case "close":
      sockets.get(cmd.sock).socket.disconnect();
      reply();
      return;
    case "exit":
      reply();
      process.exit(0);
      return;
    default:
      reply({ error: `unknown op ${cmd.op}` });
  }
}

const input = readline.createInterface({ input: process.stdin });
input.on("line", (line) => {
  if (line.trim().length === 0) {
    return;
  }

  let cmd;
  try {
    cmd = JSON.parse(line);
  } catch (err) {
    emitLine({ ev: "bad-command", line, message: err.message });
    return;
  }

  try {
    run(cmd);
  } catch (err) {
    emitLine({ ev: "reply", id: cmd.id, error: err?.stack ?? String(err) });
  }
});
// The test is done (or gone): the sockets disconnect the way a client leaves, so that a polling session does not
// linger on the server until its ping timeout, then the driver exits (after 2 s at most).
input.on("close", () => {
  setTimeout(() => process.exit(0), 2000).unref();
  const closing = [];
  for (const { socket } of sockets.values()) {
    const engine = socket.io.engine;
    if (engine && engine.readyState !== "closed") {
      closing.push(new Promise((resolve) => engine.once("close", resolve)));
    }

    socket.disconnect();
  }

  Promise.all(closing).then(() => process.exit(0));
});
