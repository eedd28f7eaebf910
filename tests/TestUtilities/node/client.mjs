// The Node side of the test utilities, shared by the client scripts of tests/SocketIo.InteropTests/client and
// tests/ScriptService.Tests/client: JSON-line output, waits with timeouts on any emitter (a socket, its Manager, an
// engine), transport setups, and the watchdog around a script's body.
//
// It imports no package: each client folder pins its own socket.io-client (package.json, package-lock.json), and a
// module here could only resolve packages from tests/TestUtilities upwards, where none are installed. The scripts
// import socket.io-client themselves and hand their sockets and managers to these helpers.

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

/**
 * The client options of a transport setup: "websocket" only, "polling" only, or "upgrade", the default polling first
 * and then the upgrade to WebSocket as soon as it can.
 */
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

/** Resolves with the arguments (an array) of the next `event` of `emitter`; rejects after `ms`. */
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
