// The Node reference for the side-by-side benchmarks: socket.io 4.8.4 with its default options (both transports,
// default pingInterval, maxHttpBufferSize, ...), and the three bench events on the main namespace. Nothing else
// happens per connection, so its memory per connection is the library's own.
//
//   node server.mjs --port <port>      prints "listening <port>" once it accepts connections
import { createServer } from "node:http";
import { Server } from "socket.io";
import { parsePort, serve } from "./process.mjs";

const port = parsePort(process.argv.slice(2));
const httpServer = createServer();
const io = new Server(httpServer);

io.on("connection", (socket) => {
  // Acks with exactly the arguments received (Buffers go back as binary attachments).
  socket.on("echo", (...args) => {
    const ack = args.pop();
    if (typeof ack === "function") ack(...args);
  });

  socket.on("join", (room, ack) => {
    socket.join(room);
    if (typeof ack === "function") ack();
  });

  socket.on("broadcast", ({ room, seq, payload }, ack) => {
    io.to(room).emit("tick", { seq, payload });
    if (typeof ack === "function") ack();
  });
});

serve(httpServer, port, (done) => io.close(done));
