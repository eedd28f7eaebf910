// Scenario 1: one connection (one Manager) joins "/" and "/custom". In each namespace: the server's "welcome" event
// with JSON arguments arrives; the client emits JSON and binary (Buffer) arguments; the server answers "give-binary"
// with a byte[] event that must arrive as a Buffer.
import { bytes, connected, main, once, out, transportOptions, upgraded } from "../../TestUtilities/node/client.mjs";
import { Manager, mode, run, url } from "./scenario.mjs";

main(async () => {
  const manager = new Manager(url, { ...transportOptions(mode), reconnection: false, autoConnect: false });
  for (const nsp of ["/", "/custom"]) {
    const socket = manager.socket(nsp, { auth: { run } });
    const welcome = once(socket, "welcome");
    const fromServer = once(socket, "binary-from-server");
    socket.connect();
    await connected(socket);
    if (mode === "upgrade") {
      await upgraded(manager);
    }

    out("welcome", { nsp, id: socket.id, args: (await welcome) });

    socket.emit("json", { a: 1, list: [true, null, "x"], nested: { deep: "héllo ✓" } }, 3.5, "plain");
    socket.emit("binary", Buffer.from([0, 1, 2, 253, 254, 255]), { label: "nested", file: Buffer.from("hello") }, "tail");
    socket.emit("give-binary");
    const [blob, wrapped, text] = await fromServer;
    out("binary-from-server", {
      nsp,
      blobIsBuffer: Buffer.isBuffer(blob),
      blob: bytes(blob),
      wrappedName: wrapped?.name,
      wrappedIsBuffer: Buffer.isBuffer(wrapped?.data),
      wrapped: bytes(wrapped?.data),
      text,
    });
  }

  out("transport", { name: manager.engine.transport.name });
});
