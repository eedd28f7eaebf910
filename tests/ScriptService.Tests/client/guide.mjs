// The client guide's steps that the scripts of ScriptService.Tests (tests/ScriptService.Tests/Service) take against
// a real service: register a job over the socket, POST it over HTTP. The generic helpers (JSON-line output, waits,
// the watchdog) are in tests/TestUtilities/node/client.mjs.
import { WAIT_MS } from "../../TestUtilities/node/client.mjs";

/** The guide's registerJob: emit("register", jobId, ack), resolved on a success ack, rejected on an error ack. */
export function registerJob(socket, jobId, ms = WAIT_MS) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no register ack for ${jobId} within ${ms} ms`)), ms);
    socket.emit("register", jobId, (ack) => {
      clearTimeout(timer);
      if (ack && ack.status === "success") {
        resolve(ack);
      } else {
        reject(Object.assign(new Error(`register ${jobId} failed: ${ack?.message}`), { ack }));
      }
    });
  });
}

/** POST /api/scripts with the guide's body; gives the status, the parsed body and the Location header. */
export async function postScript(url, body, token) {
  const response = await fetch(new URL("/api/scripts", url), {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Left null: the text is reported instead.
  }

  return { status: response.status, body: json, text, location: response.headers.get("location") };
}

/** Runs `work(i)` for i in [0, n) with at most `limit` in flight. */
export async function pool(n, limit, work) {
  let next = 0;
  const runners = Array.from({ length: Math.min(limit, n) }, async () => {
    while (next < n) {
      const i = next++;
      await work(i);
    }
  });
  await Promise.all(runners);
}
