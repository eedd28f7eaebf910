// Drives the embedding example with the official socket.io-client and checks what an embedder relies on:
// the middleware's connect_error, an event's acknowledgement, a broadcast that reaches the room and only the
// room, and the client bundle that the packed library serves. Exits 0 when every check holds, 1 otherwise.
//
//   node check.mjs http://127.0.0.1:PORT
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { io } from "socket.io-client";

const url = process.argv[2];
if (!url) {
  console.error("usage: node check.mjs <server url>");
  process.exit(2);
}

const stepTimeoutMs = 10_000;
const sockets = [];

// Each wait ends with the event or fails after stepTimeoutMs: a missing answer is a failure, never a hang.
function within(what, promise) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), stepTimeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function once(emitter, event, what) {
  return within(what, new Promise((resolve) => emitter.once(event, resolve)));
}

// transports: ["polling", "websocket"] starts on polling and upgrades (the upgrade is served by the dense path);
// ["websocket"] goes straight to the dense path; ["polling"] never leaves HTTP.
async function connect(name, transports) {
  const socket = io(`${url}/chat`, { auth: name ? { name } : {}, transports, reconnection: false });
  sockets.push(socket);
  const outcome = new Promise((resolve, reject) => {
    socket.once("connect", () => resolve(socket));
    socket.once("connect_error", reject);
  });
  await within(`${name ?? "anonymous"} to connect`, outcome);
  return socket;
}

const checks = [];
function passed(what) {
  checks.push(what);
  console.log(`ok - ${what}`);
}

async function main() {
  // The browser bundle, served by the packed SocketIo below its path (SocketIoOptions.ServeClient): the same bytes as
  // this folder's pinned socket.io-client, with its version as the entity tag.
  const pinned = new URL("./node_modules/socket.io-client/", import.meta.url);
  const pinnedPackage = JSON.parse(await readFile(new URL("package.json", pinned), "utf8"));
  const pinnedBundle = await readFile(new URL("dist/socket.io.min.js", pinned));
  const bundle = await within("the client bundle", fetch(`${url}/socket.io/socket.io.min.js`));
  assert.equal(bundle.status, 200);
  assert.equal(bundle.headers.get("etag"), `"${pinnedPackage.version}"`);
  assert.ok(Buffer.from(await bundle.arrayBuffer()).equals(pinnedBundle), "the served bundle is not the pinned package's");
  passed("the client bundle is served at /socket.io/socket.io.min.js");

  // The namespace middleware refuses a socket without a name: the client gets the exception's message.
  const refused = await within(
    "connect_error",
    connect(undefined, ["websocket"]).then(
      () => assert.fail("a socket without a name was let in"),
      (err) => err,
    ),
  );
  assert.equal(refused.message, "name required");
  passed("middleware refuses a socket without a name (connect_error)");

  const ada = await connect("ada", ["polling", "websocket"]);
  if (ada.io.engine.transport.name !== "websocket") {
    await once(ada.io.engine, "upgrade", "ada's upgrade to WebSocket");
  }
  assert.equal(ada.io.engine.transport.name, "websocket");
  const bob = await connect("bob", ["websocket"]);
  const cy = await connect("cy", ["polling"]);
  passed("three clients connected: polling upgraded to WebSocket, WebSocket only, polling only");

  const heard = { ada: [], bob: [], cy: [] };
  for (const [name, socket] of Object.entries({ ada, bob, cy })) {
    socket.on("said", (message) => heard[name].push(message));
  }

  assert.deepEqual(await within("ada's join ack", ada.emitWithAck("join", "lobby")), { room: "lobby" });
  assert.deepEqual(await within("bob's join ack", bob.emitWithAck("join", "lobby")), { room: "lobby" });
  assert.deepEqual(await within("cy's join ack", cy.emitWithAck("join", "kitchen")), { room: "kitchen" });
  assert.deepEqual(await within("a bad join's ack", cy.emitWithAck("join", "")), { error: "room required" });
  passed("join: each event answered by its acknowledgement");

  const bobHears = once(bob, "said", "bob to hear the broadcast");
  const ack = await within("ada's say ack", ada.emitWithAck("say", { room: "lobby", text: "hello from ada" }));
  assert.deepEqual(ack, { from: "ada", text: "hello from ada" });
  passed("say: the round trip returns the server's acknowledgement");

  assert.deepEqual(await bobHears, { from: "ada", text: "hello from ada" });
  // The server acknowledges only after the broadcast was queued on every member's connection, and a connection
  // delivers in order: so once cy has its own answer, a broadcast meant for cy would already have arrived, and
  // ada had her acknowledgement after any copy of her own message.
  await within("cy's round trip", cy.emitWithAck("join", "kitchen"));
  assert.deepEqual(heard.bob, [{ from: "ada", text: "hello from ada" }]);
  assert.deepEqual(heard.ada, [], "the sender got her own broadcast");
  assert.deepEqual(heard.cy, [], "a socket outside the room got the broadcast");
  passed("broadcast reaches the room's other member, not the sender, not another room");
}

try {
  await main();
  console.log(`embedding example: all ${checks.length} checks held`);
} catch (err) {
  console.error(`embedding example: FAILED: ${err?.stack ?? err}`);
  process.exitCode = 1;
} finally {
  for (const socket of sockets) socket.disconnect();
}
