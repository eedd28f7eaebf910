// Many clients at once, in one process: each socket (its own Manager, forceNew, WebSocket only) connects, registers
// its own job, POSTs it, and must get exactly its own scriptResult, once. Measures POST -> scriptResult latency.
//
//   node load.mjs <url> <clients> <run>
//
// Prints one "summary" line (counts, latency percentiles) and a "failure" line per client that went wrong (at most
// 20); exits 0 when it could run the scenario at all, whatever the counts (the test asserts on them).
import { performance } from "node:perf_hooks";
import { io } from "socket.io-client";
import { log, main, once, out } from "../../TestUtilities/node/client.mjs";
import { pool, postScript, registerJob } from "./guide.mjs";

const [url, countText, run] = process.argv.slice(2);
const count = Number.parseInt(countText, 10);
if (!url || !Number.isInteger(count) || count <= 0 || !run) {
  console.error("usage: node load.mjs <url> <clients> <run>");
  process.exit(64);
}

function percentile(sorted, p) {
  if (sorted.length === 0) {
    return null;
  }

  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, rank))] * 10) / 10;
}

main(async () => {
  const started = performance.now();
  const clients = Array.from({ length: count }, (_, i) => ({
    i,
    jobId: `load_${run}_${i}`,
    topic: `Load topic ${run} ${i}`,
    results: [],
    postStatus: null,
    postStarted: null,
    latency: null,
  }));

  // Connect: every socket its own Manager and WebSocket; wait for each one's connection_ack.
  await pool(count, 100, async (i) => {
    const client = clients[i];
    const socket = io(url, { forceNew: true, transports: ["websocket"], reconnection: false, timeout: 20000 });
    client.socket = socket;
    let resolveFirst;
    client.firstResult = new Promise((resolve) => (resolveFirst = resolve));
    socket.on("scriptResult", (result) => {
      client.results.push(result);
      if (client.results.length === 1) {
        client.latency = performance.now() - client.postStarted;
        resolveFirst();
      }
    });
    socket.on("connect_error", (err) => log(`client ${i} connect_error: ${err.message}`));
    const [ack] = await once(socket, "connection_ack");
    if (ack.status !== "success" || ack.socketId !== socket.id) {
      throw new Error(`client ${i}: bad connection_ack ${JSON.stringify(ack)} for socket ${socket.id}`);
    }
  });
  const connectedAt = performance.now();

  // Register each socket for its own job, then POST it (the guide's order), 100 requests in flight at most.
  await pool(count, 100, async (i) => {
    const client = clients[i];
    await registerJob(client.socket, client.jobId);
    client.postStarted = performance.now();
    const post = await postScript(url, {
      jobId: client.jobId,
      userId: `user-${i}`,
      topic: client.topic,
      audience: "general",
      style: "informative",
      sources: [],
      language: i % 2 === 0 ? "vi" : "en",
      length: "short",
    });
    client.postStatus = post.status;
    if (post.status !== 202) {
      log(`client ${i}: POST answered ${post.status} ${post.text}`);
    }
  });
  const postedAt = performance.now();

  await Promise.race([
    Promise.all(clients.map((c) => c.firstResult)),
    new Promise((resolve) => setTimeout(resolve, 60000)),
  ]);
  const resultsAt = performance.now();

  // A round trip per socket after its result: registering again for the finished job must not send it again.
  await pool(count, 200, async (i) => {
    const client = clients[i];
    if (client.results.length > 0) {
      try {
        client.reregisterAck = await registerJob(client.socket, client.jobId);
      } catch (err) {
        client.reregisterAck = { status: "error", message: err.message };
      }
    }
  });

  const failures = [];
  let ok = 0;
  for (const client of clients) {
    const own = client.results.filter((r) => r.job_id === client.jobId);
    const problems = [];
    if (client.postStatus !== 202) problems.push(`POST answered ${client.postStatus}`);
    if (client.results.length === 0) problems.push("no scriptResult");
    if (own.length > 1) problems.push(`its result ${own.length} times`);
    if (own.length !== client.results.length) problems.push(`results of other jobs: ${client.results.filter((r) => r.job_id !== client.jobId).map((r) => r.job_id).join(",")}`);
    if (own.length > 0 && (own[0].status !== 201 || own[0].data?.topic !== client.topic || own[0].error !== null)) problems.push(`unexpected result ${JSON.stringify(own[0]).slice(0, 300)}`);
    if (client.results.length > 0 && client.reregisterAck?.status !== "success") problems.push(`re-register answered ${JSON.stringify(client.reregisterAck)}`);
    if (problems.length === 0) {
      ok++;
    } else if (failures.length < 20) {
      failures.push({ client: client.i, jobId: client.jobId, problems });
    }
  }

  for (const failure of failures) {
    out("failure", failure);
  }

  const latencies = clients.filter((c) => c.latency !== null).map((c) => c.latency).sort((a, b) => a - b);
  out("summary", {
    clients: count,
    ok,
    received: clients.filter((c) => c.results.length > 0).length,
    duplicates: clients.filter((c) => c.results.length > 1).length,
    latencyMs: {
      p50: percentile(latencies, 50),
      p90: percentile(latencies, 90),
      p99: percentile(latencies, 99),
      max: percentile(latencies, 100),
    },
    phasesMs: {
      connect: Math.round(connectedAt - started),
      registerAndPost: Math.round(postedAt - connectedAt),
      lastResult: Math.round(resultsAt - connectedAt),
      total: Math.round(performance.now() - started),
    },
  });

  for (const client of clients) {
    client.socket.disconnect();
  }
}, 100000);
