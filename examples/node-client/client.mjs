// The flow of the client guide (script-generator-client-guide.vi.md), against a local server:
// connect -> connection_ack -> register(jobId) -> register ack -> POST /api/scripts -> scriptResult.
//
//   node client.mjs [serverUrl] [topic]
//
// Set SCRIPTSERVICE_TOKEN when the server requires authentication.
import { io } from "socket.io-client";

const serverUrl = process.argv[2] ?? "http://localhost:3000";
const topic = process.argv[3] ?? "Năng lượng mặt trời cho hộ gia đình";
const token = process.env.SCRIPTSERVICE_TOKEN;

const socket = io(serverUrl, {
  transports: ["websocket"],
  reconnection: true,
  reconnectionAttempts: 5,
  reconnectionDelay: 1000,
  auth: token ? { token } : undefined,
});

const jobId = "job_" + Date.now();

function registerJob(id) {
  return new Promise((resolve, reject) => {
    socket.emit("register", id, (ack) => (ack.status === "success" ? resolve(ack) : reject(new Error(ack.message))));
  });
}

const result = new Promise((resolve) => socket.on("scriptResult", resolve));
socket.on("scriptProgress", (p) => console.log(`progress ${p.stage} ${p.progress}%`));
socket.on("connect_error", (err) => {
  console.error("connect_error:", err.message);
  process.exit(1);
});

const ack = await new Promise((resolve) => socket.once("connection_ack", resolve));
if (ack.status !== "success") {
  console.error("connection refused:", ack.message);
  process.exit(1);
}
console.log("connected as", ack.socketId);

// The guide asks clients to register again after a reconnect; the server replays a finished result.
socket.io.on("reconnect", () => registerJob(jobId).catch((err) => console.error("re-register failed:", err.message)));

await registerJob(jobId);
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
});
console.log("POST /api/scripts:", response.status, await response.text());

const { status, data, error } = await result;
if (status === 201) {
  console.log(`\n# ${data.title}\n\n${data.description}\n\n${data.script}`);
} else {
  console.error("generation failed:", error);
}
socket.disconnect();
process.exit(status === 201 ? 0 : 1);
