// What both reference servers share: the --port argument, the "listening <port>" line the runner waits for, and a
// clean exit on SIGTERM/SIGINT.
export function parsePort(argv) {
  const i = argv.indexOf("--port");
  const port = i >= 0 ? Number(argv[i + 1]) : NaN;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error("usage: node <server>.mjs --port <port>   (0 picks a free port)");
    process.exit(2);
  }
  return port;
}

// Listens on loopback only; `close` stops the socket.io server (which closes the HTTP server with it).
export function serve(httpServer, port, close) {
  httpServer.listen(port, "127.0.0.1", () => console.log(`listening ${httpServer.address().port}`));
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    // io.close() ends every connection, then closes the listener; a client that never answers must not keep the
    // process alive, so the exit is also forced a little later.
    setTimeout(() => process.exit(0), 5000).unref();
    close(() => process.exit(0));
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
