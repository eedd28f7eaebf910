// The client guide's flow (shared/seed/script-generator-client-guide.vi.md), step for step:
// connect -> connection_ack -> register(jobId) -> register ack -> POST /api/scripts -> scriptResult.
//
//   node guide-flow.mjs <url> <websocket|polling|upgrade> <jobId> <topic> [default|msgpack]
//
// Prints one JSON line per step; the test checks them. "upgrade" is the client's default transports
// (polling first, then the upgrade to WebSocket), which the guide's snippets do not pin. "msgpack" connects with
// socket.io-msgpack-parser, for a service started with ScriptService__Parser=msgpack.
import { io } from "socket.io-client";
import msgpackParser from "socket.io-msgpack-parser";
import { log, main, once, out, transportOptions } from "../../TestUtilities/node/client.mjs";
import { postScript, registerJob } from "./guide.mjs";

const [url, mode, jobId, topic, parser = "default"] = process.argv.slice(2);
if (!url || !mode || !jobId || !topic || !["default", "msgpack"].includes(parser)) {
  console.error("usage: node guide-flow.mjs <url> <websocket|polling|upgrade> <jobId> <topic> [default|msgpack]");
  process.exit(64);
}

main(async () => {
  const socket = io(url, {
    ...transportOptions(mode),
    ...(parser === "msgpack" ? { parser: msgpackParser } : {}),
    reconnection: true,
    reconnectionAttempts: 5,
    reconnectionDelay: 1000,
  });

  const transports = [];
  const upgraded = new Promise((resolve) => {
    socket.io.on("open", () => {
      const engine = socket.io.engine;
      transports.push(engine.transport.name);
      engine.on("upgrade", (transport) => {
        transports.push(transport.name);
        resolve();
      });
    });
  });

  const progress = [];
  socket.on("scriptProgress", (p) => progress.push(p));
  const result = once(socket, "scriptResult", 30000);
  socket.on("connect_error", (err) => log("connect_error:", err.message));

  // connection_ack comes right after the connection; its socketId is the client's socket.id.
  const [ack] = await once(socket, "connection_ack");
  out("connection_ack", { ack, socketId: socket.id });
  if (ack.status !== "success") {
    throw new Error(`connection refused: ${ack.message}`);
  }

  // Register first; only after the success ack, the POST (the guide's "important notes" 1 and 2).
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

  if (mode === "upgrade") {
    await Promise.race([
      upgraded,
      new Promise((_, reject) => setTimeout(() => reject(new Error("the transport never upgraded")), 20000)),
    ]);
  }

  out("transports", { transports, final: socket.io.engine.transport.name });
  socket.disconnect();
});
