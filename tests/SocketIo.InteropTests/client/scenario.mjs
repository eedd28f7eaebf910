// The scenario scripts' own part: their arguments and how they connect. Every script is run as
// `node <script>.mjs <url> <mode> <run> [...]` and prints one JSON object per line (the helpers for that, and the
// waits, are in tests/TestUtilities/node/client.mjs).
import { io, Manager } from "socket.io-client";
import { connected, transportOptions, upgraded } from "../../TestUtilities/node/client.mjs";

export { io, Manager };

const [url, mode, run, ...rest] = process.argv.slice(2);
if (!url || !mode || !run) {
  console.error("usage: node <script>.mjs <url> <websocket|polling|upgrade> <run> [...]");
  process.exit(64);
}

export { url, mode, run, rest };

/**
 * Connects a socket of its own Manager to a namespace, in the run's transport mode; in "upgrade" mode it also waits
 * for the upgrade, so that the scenario runs over the upgraded WebSocket. `setup` runs before connecting (to register
 * listeners for what the server sends on connection).
 */
export async function connect(nsp = "/", { auth = {}, setup, ...options } = {}) {
  const socket = io(url + nsp, {
    ...transportOptions(mode),
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
