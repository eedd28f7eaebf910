// Many clients of one deployment (deploy/start.sh: HAProxy in front of several nodes) that must come through its
// nodes restarting, as the client guide's clients do: each socket (its own Manager) reconnects by itself, and a socket
// that is not recovered (a new session) registers its job again unless it already has the job's result.
//
//   node rolling.mjs <url> <clients> <run>
//
// The clients connect with a mix of transports (WebSocket only, polling only, polling then the upgrade), each
// registers its own job, and the script prints {"step":"ready"}. Commands on stdin, one a line:
//   post     POSTs every client's job through <url> (at most 50 at once). A 503, a 429 or a refused connection (a
//            node draining or stopped) is tried again after a short backoff, for up to 120 s; prints {"step":"posted"}.
//   finish   waits (at most 240 s) until every client has its result, then makes a round trip on every socket, so
//            that nothing sent before it is still on the way, and prints {"step":"summary"} and a "failure" line for
//            each client that went wrong (at most 20).
// The script ends when stdin closes. Diagnostics go to stderr.
import readline from "node:readline";
import { io } from "socket.io-client";
import { WAIT_MS, log, out, transportOptions } from "../../TestUtilities/node/client.mjs";
import { pool, postScript, registerJob } from "./guide.mjs";

const [url, countText, run] = process.argv.slice(2);
const count = Number.parseInt(countText, 10);
if (!url || !Number.isInteger(count) || count <= 0 || !run) {
  console.error("usage: node rolling.mjs <url> <clients> <run>");
  process.exit(64);
}

const MODES = ["websocket", "polling", "upgrade"];
const POST_GIVE_UP_MS = 120000;
const RESULTS_WAIT_MS = 240000;

const clients = Array.from({ length: count }, (_, i) => ({
  i,
  mode: MODES[i % MODES.length],
  jobId: `rolling_${run}_${i}`,
  topic: `Rolling restart ${run} ${i}`,
  results: [],
  connects: 0,
  acks: 0,
  recovered: 0,
  reregistered: 0,
  disconnects: 0,
  registerErrors: [],
  postStatus: null,
  postAttempts: 0,
}));

let resolveAllResults;
const allResults = new Promise((resolve) => (resolveAllResults = resolve));
let withResult = 0;

function connect(client) {
  const socket = io(url, {
    ...transportOptions(client.mode),
    forceNew: true,
    reconnection: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 1000,
    timeout: 10000,
  });
  client.socket = socket;
  let resolveFirstAck;
  client.registered = new Promise((resolve) => (resolveFirstAck = resolve));

  socket.on("connect", () => {
    client.connects++;
    if (socket.recovered) {
      // Connection state recovery: the same socket, its registrations, and what it missed.
      client.recovered++;
    }
  });
  socket.on("disconnect", () => client.disconnects++);
  socket.on("connect_error", (err) => log(`client ${client.i} connect_error: ${err.message}`));
  socket.on("scriptResult", (result) => {
    client.results.push(result);
    if (client.results.length === 1 && ++withResult === count) {
      resolveAllResults();
    }
  });
  // Every new session gets connection_ack (a recovered one does not): the first registers the job, a later one
  // registers it again if its result has not come yet (after a result, registering would replay it).
  socket.on("connection_ack", async (ack) => {
    client.acks++;
    if (ack?.status !== "success") {
      client.registerErrors.push(`connection_ack ${JSON.stringify(ack)}`);
      return;
    }

    const first = client.acks === 1;
    if (!first && client.results.length > 0) {
      return;
    }

    try {
      await registerJob(socket, client.jobId);
      if (!first) {
        client.reregistered++;
      }
    } catch (err) {
      // The connection went down again before the ack: the next connection_ack registers again.
      client.registerErrors.push(err.message);
      log(`client ${client.i} register: ${err.message}`);
    }

    if (first) {
      resolveFirstAck();
    }
  });
}

async function postWithRetry(client) {
  const body = {
    jobId: client.jobId,
    userId: `user-${client.i}`,
    topic: client.topic,
    audience: "general",
    style: "informative",
    sources: [],
    language: client.i % 2 === 0 ? "vi" : "en",
    length: "short",
  };
  const giveUpAt = Date.now() + POST_GIVE_UP_MS;
  for (;;) {
    client.postAttempts++;
    let status;
    let retryAfterMs = 200;
    try {
      const answer = await postScript(url, body);
      status = answer.status;
      if (status === 202 || status === 200) {
        client.postStatus = status;
        return;
      }
      if (status !== 503 && status !== 429) {
        client.postStatus = status;
        log(`client ${client.i}: POST answered ${status} ${answer.text}`);
        return;
      }
    } catch (err) {
      status = `network error: ${err.cause?.code ?? err.message}`;
    }

    if (Date.now() + retryAfterMs > giveUpAt) {
      client.postStatus = status;
      return;
    }
    // The client's backoff, as the guide asks of a client told to come back later.
    await new Promise((resolve) => setTimeout(resolve, retryAfterMs));
  }
}

async function roundTrip(client) {
  try {
    await new Promise((resolve, reject) => {
      client.socket.timeout(WAIT_MS).emit("unregister", client.jobId, (err) => (err ? reject(err) : resolve()));
    });
    return true;
  } catch {
    return false;
  }
}

async function finish() {
  const timer = setTimeout(resolveAllResults, RESULTS_WAIT_MS);
  await allResults;
  clearTimeout(timer);
  const roundTrips = [];
  await pool(count, 200, async (i) => {
    roundTrips[i] = await roundTrip(clients[i]);
  });

  const failures = [];
  let ok = 0;
  for (const client of clients) {
    const own = client.results.filter((r) => r.job_id === client.jobId);
    const problems = [];
    if (client.postStatus !== 202 && client.postStatus !== 200) problems.push(`POST answered ${client.postStatus}`);
    if (own.length === 0) problems.push("no scriptResult");
    if (own.length > 1) problems.push(`its result ${own.length} times`);
    if (own.length !== client.results.length) problems.push(`results of other jobs: ${client.results.filter((r) => r.job_id !== client.jobId).map((r) => r.job_id).join(",")}`);
    if (own.length > 0 && (own[0].status !== 201 || own[0].data?.topic !== client.topic || own[0].error !== null)) problems.push(`unexpected result ${JSON.stringify(own[0]).slice(0, 300)}`);
    if (!roundTrips[client.i]) problems.push("no round trip at the end");
    if (problems.length === 0) {
      ok++;
    } else if (failures.length < 20) {
      failures.push({ client: client.i, mode: client.mode, jobId: client.jobId, problems, registerErrors: client.registerErrors.slice(0, 3) });
    }
  }

  for (const failure of failures) {
    out("failure", failure);
  }

  const sum = (f) => clients.reduce((total, c) => total + f(c), 0);
  out("summary", {
    clients: count,
    ok,
    received: clients.filter((c) => c.results.length > 0).length,
    duplicates: clients.filter((c) => c.results.length > 1).length,
    disconnected: clients.filter((c) => c.disconnects > 0).length,
    recovered: sum((c) => c.recovered),
    reregistered: sum((c) => c.reregistered),
    postRetries: sum((c) => c.postAttempts - 1),
    byMode: Object.fromEntries(MODES.map((m) => [m, clients.filter((c) => c.mode === m && c.disconnects > 0).length])),
  });
}

async function post() {
  await pool(count, 50, (i) => postWithRetry(clients[i]));
  out("posted", {
    accepted: clients.filter((c) => c.postStatus === 202 || c.postStatus === 200).length,
    retries: clients.reduce((total, c) => total + c.postAttempts - 1, 0),
  });
}

async function main() {
  await pool(count, 50, async (i) => {
    connect(clients[i]);
    let timer;
    await Promise.race([
      clients[i].registered,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`client ${i} (${clients[i].mode}) not registered within ${WAIT_MS} ms`)), WAIT_MS))),
    ]);
    clearTimeout(timer);
  });
  out("ready", { clients: count });

  const commands = readline.createInterface({ input: process.stdin });
  for await (const line of commands) {
    const command = line.trim();
    if (command === "post") {
      await post();
    } else if (command === "finish") {
      await finish();
    } else if (command.length > 0) {
      log(`unknown command ${command}`);
    }
  }

  for (const client of clients) {
    client.socket.disconnect();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err?.stack ?? String(err));
    process.exit(1);
  },
);
