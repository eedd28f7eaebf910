// Scenario 3: namespace middleware. "/secure" refuses a wrong token with a message and data, refuses "banned" with a
// message only, and lets the right token in; the middleware sees the client's auth payload. A namespace the server
// does not have is refused too.
import { main, once, out, transportOf, transportOptions, WAIT_MS } from "../../TestUtilities/node/client.mjs";
import { connect, io, mode, run, url } from "./scenario.mjs";

/** Connects and expects a connect_error; reports what the client's error and socket say. */
async function refused(token, nsp = "/secure") {
  const socket = io(url + nsp, {
    ...transportOptions(mode),
    forceNew: true,
    reconnection: false,
    auth: { run, token },
  });
  const outcome = await Promise.race([
    once(socket, "connect_error").then(([err]) => ({ err })),
    once(socket, "connect").then(() => ({ connected: true })),
  ]);
  if (outcome.connected) {
    throw new Error(`token '${token}' was let in`);
  }

  const { err } = outcome;
  out("refused", {
    nsp,
    token,
    message: err.message,
    hasData: "data" in err && err.data !== undefined,
    data: err.data ?? null,
    connected: socket.connected,
    // A refusal by middleware is final: the socket does not try again on its own.
    active: socket.active,
  });
  socket.io.engine?.close();
}

main(async () => {
  await refused("wrong");
  await refused("banned");
  // No namespace of that name (and no middleware runs): the server's own refusal.
  await refused("letmein", "/nowhere");

  let secret;
  const socket = await connect("/secure", {
    auth: { token: "letmein", extra: { nested: [1, 2] } },
    setup(s) {
      secret = once(s, "secret", WAIT_MS);
    },
  });
  const [payload] = await secret;
  out("accepted", { id: socket.id, secret: payload, transport: transportOf(socket) });
});
