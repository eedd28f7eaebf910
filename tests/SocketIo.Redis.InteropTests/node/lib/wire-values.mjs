// The JSON spelling of values JSON cannot carry, shared by the node server, the emitter script and the captures:
// {"$binary": "<hex>"} is a Buffer, {"$date": "<ISO 8601>"} a Date. fromWire revives them from a test's JSON;
// toWire writes them back, so a test can see that a Buffer arrived as a Buffer.
export function fromWire(value) {
  if (Array.isArray(value)) return value.map(fromWire);
  if (value && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "$binary" && typeof value.$binary === "string") return Buffer.from(value.$binary, "hex");
    if (keys.length === 1 && keys[0] === "$date" && typeof value.$date === "string") return new Date(value.$date);
    return Object.fromEntries(keys.map((k) => [k, fromWire(value[k])]));
  }
  return value;
}

export function toWire(value) {
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return { $binary: Buffer.from(value).toString("hex") };
  if (value instanceof ArrayBuffer) return { $binary: Buffer.from(value).toString("hex") };
  if (value instanceof Date) return { $date: value.toISOString() };
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toWire(v)]));
  return value;
}
