// Connection state recovery. `node recovery.mjs <url> <mode> <run> <manual|auto>`
// The client's socket joins a room on the server; then its transport is cut from the client side
// (socket.io.engine.close(), what a network loss looks like to the client), and the server sends to the room, to the
// old socket and to another room while it is away.
// "manual": reconnection is paused while the server sends (a control socket hears when it is done), then the socket
//           connects again; socket.io-client sends its pid and last offset by itself.
// "auto":   the client reconnects on its own, at once.
// Either way it then asks for one more broadcast to the room ("live"), and prints what it received.
import { connected, main, once, out } from "../../TestUtilities/node/client.mjs";
import { connect, rest } from "./scenario.mjs";

const scenario = rest[0];
const reconnection = { reconnection: true, reconnectionDelay: 50, reconnectionDelayMax: 100, randomizationFactor: 0 };

main(async () => {
  const news = [];
  let wrote;
  const live = new Promise((resolve) => (wrote = resolve));
  const setup = (socket) =>
    socket.on("news", (...args) => {
      news.push(args);
      if (args[0] === "live") {
        wrote();
      }
    });
  const control = scenario === "manual" ? await connect("/", { auth: { role: "control" } }) : null;
  const socket = await connect("/", { auth: { role: "main" }, setup, ...reconnection });
  const firstId = socket.id;
  // The welcome carries an offset: from now on the client has something to recover from.
  while (news.length === 0) {
    await once(socket, "news");
  }

  if (control) {
    socket.io.reconnection(false);
  }

  const awaySent = control ? once(control, "away-sent") : null;
  const disconnected = once(socket, "disconnect");
  socket.io.engine.close();
  const [reason] = await disconnected;
  if (control) {
    await awaySent;
    socket.io.reconnection(true);
    socket.connect();
  }

  await connected(socket);
  const secondId = socket.id;
  // Without a pid from the server, socket.io-client leaves it undefined.
  const recovered = socket.recovered === true;
  await socket.timeout(20000).emitWithAck("ping-room");
  await live;
  out("result", {
    firstId,
    secondId,
    recovered,
    reason,
    news: news.map((args) => args[0]),
    lastArgs: news.map((args) => (args.length > 1 ? typeof args[args.length - 1] : "none")),
  });
  control?.disconnect();
  socket.disconnect();
});
