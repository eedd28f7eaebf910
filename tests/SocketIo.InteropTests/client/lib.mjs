// Shared by the scenario scripts: arguments, transport setups, JSON-line output, and promise helpers with timeouts.
// Every script is run as `node <script>.mjs <url> <mode> <run> [...]` and prints one JSON object per line.
import { io, Manager } from "socket.io-client";

export { io, Manager };

const [url, mode, run, ...rest] = process.argv.slice(2);
if (!url || !mode || !run) {
  console.error("usage: node <script>.mjs <url> <websocket|polling|upgrade> <run> [...]");
  process.exit(64);
}

export { url, mode, run, rest };

/** How long any single wait may take before the script fails (the C# side kills it later still). */
export const WAIT_MS = 15000;

/** The client options of a transport setup. */
export function transportOptions(m = mode) {
  switch (m) {
    case "websocket":
      return { transports: ["websocket"] };
    case "polling":
      return { transports: ["polling"] };
    case "upgrade":
      return {}; // the default: ["polling", "websocket"], upgrading as soon as it can
    default:
      throw new Error(`unknown transport mode ${m}`);
  }
}

/** Prints one result line. */
export function out(step, data = {}) {
  process.stdout.write(JSON.stringify({ step, ...data }) + "\n");
}

/** Logs a diagnostic line (stderr, shown in failure messages). */
export function log(...args) {
  console.error(new Date().toISOString(), ...args);
}

/** Resolves with the arguments of the next `event` of `emitter`; rejects after `ms`. */
export function once(emitter, event, ms = WAIT_MS) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, listener);
      reject(new Error(`timed out after ${ms} ms waiting for '${event}'`));
    }, ms);
    const listener = (...args) => {
      clearTimeout(timer);
      resolve(args);
    };
    emitter.once(event, listener);
  });
}

/** Resolves when the socket connects; rejects with the connect_error (or a timeout). */
export function connected(socket, ms = WAIT_MS) {
  if (socket.connected) {
    return Promise.resolve();
  }

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out after ${ms} ms waiting for 'connect'`));
    }, ms);
    const onConnect = () => {
      cleanup();
      resolve();
    };
    const onError = (err) => {
      cleanup();
      reject(Object.assign(new Error(`connect_error: ${err.message}`), { cause: err }));
    };
    const cleanup = () => {
      clearTimeout(timer);
      socket.off("connect", onConnect);
      socket.off("connect_error", onError);
    };
    socket.on("connect", onConnect);
    socket.on("connect_error", onError);
  });
}

/** Waits until the manager's engine runs over WebSocket (after the polling → WebSocket upgrade). */
export async function upgraded(manager, ms = WAIT_MS) {
  const engine = manager.engine;
  if (engine.transport.name !== "websocket") {
    await once(engine, "upgrade", ms);
  }

  if (engine.transport.name !== "websocket") {
    throw new Error(`expected the websocket transport after the upgrade, got ${engine.transport.name}`);
  }
}

/**
 * Connects a socket of its own Manager to a namespace, in the current transport mode; in "upgrade" mode it also
 * waits for the upgrade, so that the scenario runs over the upgraded WebSocket. `setup` runs before connecting (to
 * register listeners for what the server sends on connection).
 */
export async function connect(nsp = "/", { auth = {}, setup, ...options } = {}) {
  const socket = io(url + nsp, {
    ...transportOptions(),
    forceNew: true,
    reconnection: false,
    autoConnect: false,
    auth: { run, ...auth },
    ...options,
  });
  setup?.(socket);
  socket.connect();
  await connected(socket);
  if (mode === "upgrade") {
    await upgraded(socket.io);
  }

  return socket;
}

/** The name of the transport a socket's connection runs over now. */
export function transportOf(socket) {
  return socket.io.engine.transport.name;
}

/** A Buffer (or other byte view) as a plain array of numbers, for JSON output. */
export function bytes(value) {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) {
    return Array.from(value);
  }

  if (value instanceof ArrayBuffer) {
    return Array.from(new Uint8Array(value));
  }

  return { notBinary: typeof value, value };
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
      if (err?.cause) {
        console.error("cause:", err.cause);
      }
      process.exit(1);
    },
  );
}
