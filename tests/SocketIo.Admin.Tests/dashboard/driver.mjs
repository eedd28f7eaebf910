// A long-lived driver of socket.io-client sockets for the admin tests: the C# test writes one JSON command per line
// on stdin and reads one JSON line per thing that happened on stdout, so that it can act between events and wait for
// each with a timeout. `node driver.mjs`; commands:
//   {"cmd":"connect","name":"admin","url":"http://127.0.0.1:1/admin","path":"/socket.io","auth":{...},"transports":["websocket"]}
//   {"cmd":"emit","name":"admin","event":"join","args":["/","room","id"]}
//   {"cmd":"disconnect","name":"admin"}
// Lines out: {"name","event":"connect","id"} | {"name","event":"connect_error","message"} |
//            {"name","event":"disconnect","reason"} | {"name","event":<any server event>,"args":[...]} |
//            {"name","event":"transport","transport"} (after an upgrade) | {"event":"error","message"}.
// A dashboard connects as the UI does (App.vue's tryConnect): forceNew, no reconnection, withCredentials, auth.
import { createInterface } from "node:readline";
import { io } from "socket.io-client";
import { log } from "../../TestUtilities/node/client.mjs";

const sockets = new Map();

function print(line) {
  process.stdout.write(JSON.stringify(line) + "\n");
}

function connect({ name, url, path, auth, transports }) {
  const socket = io(url, {
    forceNew: true,
    reconnection: false,
    withCredentials: true,
    transports: transports ?? ["polling", "websocket"],
    path: path ?? "/socket.io",
    auth: auth ?? {},
  });
  sockets.set(name, socket);
  socket.on("connect", () => print({ name, event: "connect", id: socket.id }));
  socket.on("connect_error", (err) => print({ name, event: "connect_error", message: err.message }));
  socket.on("disconnect", (reason) => print({ name, event: "disconnect", reason }));
  socket.onAny((event, ...args) => print({ name, event, args }));
  socket.io.on("open", () => socket.io.engine.on("upgrade", (t) => print({ name, event: "transport", transport: t.name })));
}

const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  if (!line.trim()) {
    return;
  }

  try {
    const command = JSON.parse(line);
    switch (command.cmd) {
      case "connect":
        connect(command);
        break;
      case "emit":
        sockets.get(command.name).emit(command.event, ...(command.args ?? []));
        break;
      case "disconnect":
        sockets.get(command.name).disconnect();
        break;
      default:
        throw new Error(`unknown command ${command.cmd}`);
    }
  } catch (err) {
    log(err?.stack ?? String(err));
    print({ event: "error", message: String(err?.message ?? err) });
  }
});
// The test closes stdin when it is done: every socket goes, then the process.
lines.on("close", () => {
  for (const socket of sockets.values()) {
    socket.disconnect();
  }

  process.exit(0);
});
