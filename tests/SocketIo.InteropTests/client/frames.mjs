// The dense WebSocket path at frame level, with the `ws` client and Engine.IO / Socket.IO packets written by hand:
// a text event sent in two fragments with a WebSocket ping between them, a binary attachment, a ping on its own, the
// Engine.IO heartbeat, and the close handshake. `node frames.mjs <url> websocket <run>`
import WebSocket from "ws";
import { main, out, WAIT_MS } from "../../TestUtilities/node/client.mjs";
import { run, url } from "./scenario.mjs";

main(async () => {
  const ws = new WebSocket(`${url.replace(/^http/, "ws")}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: false });
  const queue = [];
  const waiters = [];
  ws.on("message", (data, isBinary) => {
    const message = { text: isBinary ? null : data.toString("utf8"), bytes: isBinary ? Array.from(data) : null };
    // The server's heartbeat: answered at once, and not part of the scenario.
    if (message.text === "2") {
      ws.send("3");
      return;
    }

    const waiter = waiters.shift();
    waiter ? waiter(message) : queue.push(message);
  });
  const next = () =>
    queue.length > 0
      ? Promise.resolve(queue.shift())
      : new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`no message within ${WAIT_MS} ms`)), WAIT_MS);
          waiters.push((message) => (clearTimeout(timer), resolve(message)));
        });
  const event = (name) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no '${name}' within ${WAIT_MS} ms`)), WAIT_MS);
      ws.once(name, (...args) => (clearTimeout(timer), resolve(args)));
    });

  const [response] = await Promise.all([event("upgrade").then(([res]) => res), event("open")]);
  const open = (await next()).text;
  out("open", { status: response.statusCode, accept: response.headers["sec-websocket-accept"] ?? null, packet: open[0], sid: JSON.parse(open.slice(1)).sid });

  ws.send(`40${JSON.stringify({ run })}`);
  out("connect", { packet: (await next()).text.slice(0, 2) });

  // One text message in two fragments, with a WebSocket ping between them: the server must reassemble the message
  // and answer the ping without waiting for the message to end.
  const pongBetween = event("pong");
  ws.send('42["echo","fragmented ✓ ', { fin: false });
  ws.ping(Buffer.from("between fragments"));
  ws.send('text"]', { fin: true });
  const [between] = await pongBetween;
  out("fragmented", { echo: (await next()).text, pong: between.toString("utf8") });

  // A binary attachment: the placeholder packet, then the bytes in a binary frame.
  ws.send('451-["echo",{"_placeholder":true,"num":0}]');
  ws.send(Buffer.from([0, 1, 2, 254, 255]), { binary: true });
  const header = (await next()).text;
  const attachment = (await next()).bytes;
  out("binary", { header, attachment });

  // A ping on its own, with the largest payload a control frame may carry.
  const payload = Buffer.alloc(125, 7);
  const pong = event("pong");
  ws.ping(payload);
  const [answer] = await pong;
  out("ping", { length: answer.length, same: Buffer.compare(answer, payload) === 0 });

  // The close handshake from our side: the server echoes the code and closes the connection.
  const closed = event("close");
  ws.close(1000, "done");
  const [code, reason] = await closed;
  out("close", { code, reason: reason.toString("utf8") });
});
