// Scenario: arguments the server cannot read. `node arguments.mjs <url> <mode> <run>`: a lone surrogate (which
// JSON.stringify writes as the escape \ud800) sent to a typed handler with a callback gets no answer, and the
// connection goes on: the next event's answer comes, and the dropped one's never came before it (the server answers
// in the order it reads). A handler that checks its argument with TryGet answers the same string with its own error.
import { main, out, transportOf, WAIT_MS } from "../../TestUtilities/node/client.mjs";
import { connect } from "./scenario.mjs";

main(async () => {
  const socket = await connect("/");

  let droppedAnswered = false;
  socket.emit("typed", "\ud800", () => {
    droppedAnswered = true;
  });
  const fine = await socket.timeout(WAIT_MS).emitWithAck("typed", "fine");
  out("typed", { fine, droppedAnswered, connected: socket.connected, transport: transportOf(socket) });

  const checked = await socket.timeout(WAIT_MS).emitWithAck("checked", "\ud800");
  out("checked", { checked, connected: socket.connected });
});
