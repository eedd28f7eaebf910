// Prints the golden bytes of tests/SocketIo.Tests/Protocol/Msgpack/MessagePackGoldenTests.cs: what
// socket.io-msgpack-parser (the version pinned in package.json) encodes for packets shaped as Node's server and the
// official client build them. Run `node msgpack-golden.mjs > ../../SocketIo.Tests/Protocol/Msgpack/golden.txt` (after `npm ci`) to make them again.
import parser from "socket.io-msgpack-parser";

const encoder = new parser.Encoder();
const hex = (packet) => Buffer.from(encoder.encode(packet)[0]).toString("hex");

// As the server builds them (socket.io 4.8: type, data, then id, then nsp).
const server = {
  connect: { type: 0, data: { sid: "AbC-123_xyz" }, nsp: "/" },
  connectErrorCustom: { type: 4, data: { message: "Invalid namespace" }, nsp: "/admin" },
  disconnect: { type: 1, nsp: "/chat" },
  event: {
    type: 2,
    data: ["welcome", { text: "héllo ✓", n: 42, neg: -7, big: 2 ** 40, f: 3.25, nothing: null, yes: true, list: [1, "two", []] }, "x".repeat(40)],
    nsp: "/",
  },
  binaryEvent: { type: 2, data: ["file", Buffer.from([0, 1, 2, 255]), { name: "n", data: Buffer.from("hi") }], nsp: "/chat" },
  eventWithAck: { type: 2, data: ["ask", 1], id: 7, nsp: "/" },
  ack: { type: 3, data: ["ok", Buffer.alloc(300, 7)], id: 300, nsp: "/chat" },
};

// As the official client builds them (socket.io-client 4.8: type, data, options, then id, then nsp).
const client = {
  connect: { type: 0, nsp: "/" },
  connectWithAuth: { type: 0, data: { token: "t0k", n: 1 }, nsp: "/chat" },
  event: { type: 2, data: ["json", { a: 1, list: [true, null, "x"] }, 3.5, -200], options: { compress: true }, nsp: "/" },
  binaryEvent: { type: 2, data: ["binary", Buffer.from([9, 8]), new Uint8Array([7, 6, 5]), { file: Buffer.from("hey") }], options: { compress: true }, id: 12, nsp: "/chat" },
  ack: { type: 3, data: [{ answer: 1 }, Buffer.from([1, 2])], id: 0, nsp: "/" },
  disconnect: { type: 1, nsp: "/chat" },
};

for (const [side, packets] of Object.entries({ server, client })) {
  for (const [name, packet] of Object.entries(packets)) {
    console.log(`${side}.${name} ${hex(packet)}`);
  }
}
