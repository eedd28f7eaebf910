// The client guide's flow with socket.io-client 2.x (Engine.IO v3, Socket.IO protocol v4), which the service serves
// with no configuration: connect -> connection_ack -> register(jobId) -> register ack -> POST /api/scripts ->
// scriptProgress ... -> scriptResult.
//
//   node guide-flow.mjs <url> <websocket|polling|upgrade> <jobId> <topic> [token]
//
// With a token, the 2.x way of passing credentials: the connection's query (a 2.x client has no CONNECT auth payload
// for the main namespace), and Authorization: Bearer on the API.
//
// Prints one JSON line per step, as ../client/guide-flow.mjs does for 4.x.
import io from "socket.io-client";
import { log, main, once, out, transportOptions, upgraded } from "../../TestUtilities/node/client.mjs";
import { postScript, registerJob } from "../client/guide.mjs";

const [url, mode, jobId, topic, token] = process.argv.slice(2);
if (!url || !mode || !jobId || !topic) {
  console.error("usage: node guide-flow.mjs <url> <websocket|polling|upgrade> <jobId> <topic>");
  process.exit(64);
}

main(async () => {
  const socket = io(url, {
    ...transportOptions(mode),
    ...(token ? { query: { token } } : {}),
    forceNew: true,
    reconnection: false,
    autoConnect: false,
  });
  const transports = [];
  socket.io.on("open", () => transports.push(socket.io.engine.transport.name));
  const progress = [];
  socket.on("scriptProgress", (p) => progress.push(p));
  const result = once(socket, "scriptResult", 30000);
  socket.on("connect_error", (err) => log("connect_error:", err.message));
  // A 2.x client learns of a refused main namespace through 'error' (the v4 ERROR packet), not connect_error.
  const refused = once(socket, "error");
  const connectionAck = once(socket, "connection_ack");
  socket.open();

  const first = await Promise.race([connectionAck.then(([ack]) => ({ ack })), refused.then(([error]) => ({ error }))]);
  if ("error" in first) {
    out("refused", { error: first.error });
    socket.close();
    return;
  }

  const { ack } = first;
  out("connection_ack", { ack, socketId: socket.id });
  if (ack.status !== "success") {
    throw new Error(`connection refused: ${ack.message}`);
  }

  if (mode === "upgrade") {
    await upgraded(socket.io);
  }

  const registered = await registerJob(socket, jobId);
  out("register", { ack: registered });

  const post = await postScript(url, {
    jobId,
    userId: "user123",
    topic,
    audience: "general",
    style: "informative",
    sources: [],
    language: "vi",
    length: "medium",
  }, token);
  out("post", post);

  const [received] = await result;
  out("scriptResult", { result: received, progressBefore: progress.slice() });
  out("transports", { transports, final: socket.io.engine.transport.name });
  socket.close();
});
