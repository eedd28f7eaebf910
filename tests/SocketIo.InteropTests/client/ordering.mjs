// Scenario 1b: ordering. Right after connecting (in "upgrade" mode: while the polling → WebSocket upgrade is under
// way), the server emits `count` numbered "seq" events and the client emits `count` numbered "seq" events; each side
// must get all of them, in order, exactly once. The client's "seq-end" asks the server to confirm with "seq-done",
// which (packets being ordered) comes after the server's numbered events.
import { connected, main, once, out, transportOf, transportOptions, upgraded } from "../../TestUtilities/node/client.mjs";
import { io, mode, rest, run, url } from "./scenario.mjs";

const count = Number(rest[0] ?? 500);

main(async () => {
  const received = [];
  const socket = io(url, { ...transportOptions(mode), forceNew: true, reconnection: false, autoConnect: false, auth: { run, count } });
  socket.on("seq", (n, text) => received.push({ n, ok: text === `event ${n}` }));
  const done = once(socket, "seq-done");
  socket.connect();
  await connected(socket);
  // No waiting for the upgrade here: the client's events race it.
  for (let n = 0; n < count; n++) {
    socket.emit("seq", n, `event ${n}`);
  }

  socket.emit("seq-end");
  const [serverSaw] = await done;
  if (mode === "upgrade") {
    await upgraded(socket.io);
  }

  const outOfOrder = received.findIndex(({ n }, i) => n !== i);
  out("ordering", {
    received: received.length,
    firstOutOfOrder: outOfOrder,
    allTextsMatch: received.every(({ ok }) => ok),
    serverSaw,
    transport: transportOf(socket),
  });
});
