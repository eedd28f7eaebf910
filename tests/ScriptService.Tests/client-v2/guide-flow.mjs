// The client guide's flow with socket.io-client 2.x (Engine.IO v3, Socket.IO protocol v4), which the service serves
// with no configuration: connect -> connection_ack -> register(jobId) -> register ack -> POST /api/scripts ->
// scriptProgress ... -> scriptResult.
//
//   node guide-flow.mjs <url> <websocket|polling|upgrade> <jobId> <topic>
//
// Prints one JSON line per step, as ../client/guide-flow.mjs does for 4.x.
import io from "socket.io-client";
import { log, main, once, out, transportOptions, upgraded } from "../../TestUtilities/node/client.mjs";
import { postScript, registerJob } from "../client/guide.mjs";

const [url, mode, jobId, topic] = process.argv.slice(2);
if (!url || !mode || !jobId || !topic) {
  console.error("usage: node guide-flow.mjs <url> <websocket|polling|upgrade> <jobId> <topic>");
  process.exit(64);
}

main(async () => {
  const socket = io(url, { ...transportOptions(mode), forceNew: true, reconnection: false, autoConnect: false });
  const transports = [];
  socket.io.on("open", () => transports.push(socket.io.engine.transport.name));
  const progress = [];
  socket.on("scriptProgress", (p) => progress.push(p));
  const result = once(socket, "scriptResult", 30000);
  socket.on("connect_error", (err) => log("connect_error:", err.message));
  socket.on("error", (err) => log("error:", err));
  const connectionAck = once(socket, "connection_ack");
  socket.open();

  const [ack] = await connectionAck;
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
  });
  out("post", post);

  const [received] = await result;
  out("scriptResult", { result: received, progressBefore: progress.slice() });
  out("transports", { transports, final: socket.io.engine.transport.name });
  socket.close();
});
