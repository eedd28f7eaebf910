// Shared by the scripts that ScriptService.Tests (tests/ScriptService.Tests/Service) runs against a real service:
// JSON-line output, waits with timeouts, the guide's register/POST steps, and a watchdog around a script's body.
import { io } from "socket.io-client";

export { io };

/** How long any single wait may take before a script fails (the C# side kills the process later still). */
export const WAIT_MS = 20000;

/** Prints one result line (one JSON object per line on stdout, which the tests parse). */
export function out(step, data = {}) {
  process.stdout.write(JSON.stringify({ step, ...data }) + "\n");
}

/** Logs a diagnostic line (stderr, shown in failure messages). */
export function log(...args) {
  console.error(new Date().toISOString(), ...args);
}

/** The client options of a transport setup: "websocket" only, or the default polling-then-upgrade ("upgrade"). */
export function transportOptions(mode) {
  switch (mode) {
    case "websocket":
      return { transports: ["websocket"] };
    case "polling":
      return { transports: ["polling"] };
    case "upgrade":
      return {};
    default:
      throw new Error(`unknown transport mode ${mode}`);
  }
}

/** Resolves with the first argument of the next `event` of `emitter`; rejects after `ms`. */
export function once(emitter, event, ms = WAIT_MS) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`timed out after ${ms} ms waiting for '${event}'`));
    }, ms);
    const listener = (value) => {
      clearTimeout(timer);
      resolve(value);
    };
    emitter.once(event, listener);
  });
}

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

/** Runs a script's body: exit 0 when it resolves, 1 with the stack on stderr when it throws, 3 on the watchdog. */
export function main(body, watchdogMs = 50000) {
  const watchdog = setTimeout(() => {
    console.error(`watchdog: the script did not finish within ${watchdogMs} ms`);
    process.exit(3);
  }, watchdogMs);
  body().then(
    () => {
      clearTimeout(watchdog);
      process.exit(0);
    },
    (err) => {
      console.error(err?.stack ?? String(err));
      process.exit(1);
    },
  );
}
