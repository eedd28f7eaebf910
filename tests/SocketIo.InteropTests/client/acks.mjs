// Scenario 2: acknowledgements both ways.
// Client → server: emit(..., callback) answered by AckAsync; emitWithAck with timeout(ms) that succeeds, and one the
// server never answers (the client's own timeout fires). Server → client: EmitWithAckAsync answered by the client's
// callback, and one the client ignores (the server's timeout fires); the server reports both with "server-acks-done".
import { bytes, main, once, out, transportOf } from "../../TestUtilities/node/client.mjs";
import { connect } from "./scenario.mjs";

main(async () => {
  let serverAcksDone;
  const socket = await connect("/", {
    setup(s) {
      // Server → client, answered with JSON and binary.
      s.on("server-ask", (question, blob, callback) => {
        callback({ answer: 42, question, blobWasBuffer: Buffer.isBuffer(blob), blob: bytes(blob) }, Buffer.from([4, 5, 6]));
      });
      // Server → client, never answered: the server's timeout must fire.
      s.on("server-ask-ignored", (..._args) => {});
      serverAcksDone = once(s, "server-acks-done");
    },
  });

  // Callback style, with a Buffer in the arguments and in the answer.
  const callbackArgs = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no ack for 'ack-me'")), 15000);
    socket.emit("ack-me", { n: 1, text: "callback" }, Buffer.from([1, 2, 3]), (...args) => {
      clearTimeout(timer);
      resolve(args);
    });
  });
  out("callback", {
    count: callbackArgs.length,
    first: callbackArgs[0],
    secondIsBuffer: Buffer.isBuffer(callbackArgs[1]),
    second: bytes(callbackArgs[1]),
  });

  // Promise style with the client's timeout: answered in time.
  const answered = await socket.timeout(10000).emitWithAck("ack-me", { n: 2, text: "emitWithAck" });
  out("emitWithAck", { first: answered });

  // Promise style with the client's timeout: the server never answers.
  try {
    const unexpected = await socket.timeout(300).emitWithAck("no-ack", { n: 3 });
    out("emitWithAck-timeout", { timedOut: false, unexpected });
  } catch (err) {
    out("emitWithAck-timeout", { timedOut: true, message: err.message });
  }

  // Server → client acknowledgements, started now that the client's listeners are known to be in place.
  socket.emit("start-server-acks");
  await serverAcksDone;
  out("done", { transport: transportOf(socket) });
});
