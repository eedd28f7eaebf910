// The client guide's flow (docs/client-guide.md) with socket.io-client:
// connect -> connection_ack -> register(jobId) -> ack -> POST /api/scripts -> scriptResult.
//
//   node client.mjs [serverUrl] [topic]
//
// Set SCRIPTSERVICE_TOKEN when the server requires authentication.
import { io } from "socket.io-client";

const serverUrl = process.argv[2] ?? "http://localhost:3000";
const topic = process.argv[3] ?? "Năng lượng mặt trời cho hộ gia đình";
const token = process.env.SCRIPTSERVICE_TOKEN;
const jobId = "job_" + Date.now();

// Fails the promise if it takes longer than ms: every wait has a bound.
const within = (ms, what, promise) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms).unref())]);

const socket = io(serverUrl, {
  transports: ["websocket"],
  reconnection: true,
  reconnectionAttempts: 5,
  reconnectionDelay: 1000,
  auth: token ? { token } : undefined,
});

// Every connection, a reconnection included, starts with connection_ack. Registering on each one means a client that
// reconnects still gets its result: the server replays a finished job's result to a new registration.
const registered = new Promise((resolve, reject) => {
  socket.on("connection_ack", (ack) => {
    if (ack.status !== "success") return reject(new Error(`connection refused: ${ack.message}`));
    console.log("connected as", ack.socketId);
    socket.emit("register", jobId, (reply) =>
      reply.status === "success" ? resolve(reply) : reject(new Error(`register failed: ${reply.message}`)));
  });
  socket.on("connect_error", (err) => reject(new Error(`connect_error: ${err.message}`)));
});
const result = new Promise((resolve) => socket.on("scriptResult", resolve));
socket.on("scriptProgress", (p) => console.log(`progress ${p.stage} ${p.progress}%`));

try {
  // Post only once the registration is acknowledged, so the result cannot come before the socket listens for it.
  const reply = await within(30_000, "register", registered);
  console.log("registered", reply.jobId);

  const response = await fetch(new URL("/api/scripts", serverUrl), {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({
      jobId,
      userId: "user123",
      topic,
      audience: "general",
      style: "informative",
      sources: [],
      language: "vi",
      length: "medium",
    }),
    signal: AbortSignal.timeout(30_000),
  });
  console.log("POST /api/scripts:", response.status, await response.text());
  if (response.status !== 202) throw new Error("the job was not accepted");

  const { status, data, error } = await within(150_000, "scriptResult", result);
  if (status !== 201) throw new Error(`generation failed: ${error}`);
  console.log(`\n# ${data.title}\n\n${data.description}\n\n${data.script}`);
} catch (err) {
  console.error(err.message);
  process.exitCode = 1;
} finally {
  socket.disconnect();
}
