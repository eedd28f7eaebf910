// N concurrent clients each run the client guide's flow once: connect (websocket), register, POST /api/scripts,
// await scriptResult. Prints POST→scriptResult latency percentiles and the sustained jobs/s.
//
//   node jobs-bench.mjs <serverUrl> [clients=1000] [rounds=1]
import { io } from "socket.io-client";

const [serverUrl, clientsArg = "1000", roundsArg = "1"] = process.argv.slice(2);
const clients = Number(clientsArg);
const rounds = Number(roundsArg);
const url = new URL(serverUrl);
if (!["127.0.0.1", "localhost", "[::1]"].includes(url.hostname) && !url.hostname.startsWith("127.")) {
  console.error("refusing a non-loopback target");
  process.exit(2);
}

const sockets = await Promise.all(Array.from({ length: clients }, (_, i) => new Promise((resolve, reject) => {
  const socket = io(serverUrl, { transports: ["websocket"], forceNew: true, reconnection: false });
  socket.once("connection_ack", (ack) => (ack.status === "success" ? resolve(socket) : reject(new Error(ack.message))));
  socket.once("connect_error", reject);
})));

const latencies = [];
let failed = 0;
let duplicates = 0;
const started = performance.now();
for (let round = 0; round < rounds; round++) {
  await Promise.all(sockets.map(async (socket, i) => {
    const jobId = `bench_${process.pid}_${round}_${i}`;
    let seen = 0;
    const result = new Promise((resolve) => socket.on("scriptResult", (r) => {
      if (r.job_id === jobId && ++seen === 1) resolve(r);
      else if (r.job_id === jobId) duplicates++;
    }));
    const ack = await socket.emitWithAck("register", jobId);
    if (ack.status !== "success") throw new Error(ack.message);
    const posted = performance.now();
    const response = await fetch(new URL("/api/scripts", serverUrl), {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ jobId, userId: "bench", topic: `Topic ${i}`, audience: "general", style: "informative", sources: [], language: i % 2 ? "en" : "vi", length: "medium" }),
    });
    if (response.status !== 202) { failed++; return; }
    const r = await result;
    if (r.status !== 201) failed++;
    latencies.push(performance.now() - posted);
  }));
}
const seconds = (performance.now() - started) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))].toFixed(1);
console.log(JSON.stringify({
  clients, rounds, jobs: latencies.length, failed, duplicates,
  p50_ms: Number(pct(50)), p99_ms: Number(pct(99)), max_ms: Number(latencies.at(-1).toFixed(1)),
  jobs_per_second: Number((latencies.length / seconds).toFixed(1)),
}));
for (const socket of sockets) socket.disconnect();
process.exit(failed === 0 && duplicates === 0 ? 0 : 1);
