// Scenario 4: room broadcasts to many clients. `count` clients (each its own connection) join "/" with auth.index;
// the server puts them in rooms by index and tells each which. Client 0 asks for the broadcasts; the server sends
// them, then "end" to everyone, and acknowledges. Each client reports every "news" it got before its "end" (per
// connection, packets arrive in order, so nothing sent before "end" can come after it). Then the server broadcasts
// "survey" with acks to a room and acknowledges client 0's request with what it collected.
import { main, once, out, transportOf } from "../../TestUtilities/node/client.mjs";
import { connect, rest } from "./scenario.mjs";

const count = Number(rest[0] ?? 20);

main(async () => {
  const clients = await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const news = [];
      let end, joined;
      const socket = await connect("/", {
        auth: { index },
        setup(s) {
          s.on("news", (label) => news.push(label));
          s.on("survey", (question, callback) => callback({ index, question }));
          end = once(s, "end");
          joined = once(s, "joined");
        },
      });
      // The server joins rooms in its connection handler, after the CONNECT answer: wait until it says it did.
      const [rooms] = await joined;
      return { index, socket, news, end, rooms };
    }),
  );

  const [ack] = await Promise.all([clients[0].socket.timeout(15000).emitWithAck("go"), ...clients.map((c) => c.end)]);
  for (const { index, socket, news, rooms } of clients) {
    out("client", { index, id: socket.id, transport: transportOf(socket), rooms, news });
  }

  // A broadcast with acks: the server collects every answer, then acknowledges this request with what it got.
  const survey = await clients[0].socket.timeout(20000).emitWithAck("go-survey");
  out("done", { ack, survey });
});
