// A Node implementation of the Script Generator Service contract (script-generator-client-guide.vi.md), so the jobs
// benchmark has a Node side: socket.io 4.8.4 with default options plus the HTTP API, payloads shaped exactly as
// src/ScriptService sends them (Realtime/ClientMessages.cs, Api/ScriptsEndpoints.cs).
//
// What differs from src/ScriptService, on purpose:
// - Jobs live in memory only: NOT durable (our service writes each job to SQLite, three fsync'd writes per job), so a
//   restart loses them, and memory grows with every job.
// - The script comes from script-template.mjs, a fixed template, NOT our generator.
// - No authentication, CORS settings, rate limiting or draining on shutdown; the queue holds 100,000 jobs, as
//   benchmarks/run.sh configures our service (QueueCapacity=100000, posts per minute effectively unlimited).
// The same: connection_ack, register/unregister with acks and their validation, the
// 100-registrations-per-socket limit, POST validation with one message per field, 202 + Location, an identical
// re-POST answered 202 and a different one 409, two concurrent workers, scriptProgress (volatile) at the four
// stages, scriptResult to each registered socket exactly once, and replay of a finished job's result on register.
//
//   node jobs-server.mjs --port <port>      prints "listening <port>" once it accepts connections
import { createServer } from "node:http";
import { randomUUID } from "node:crypto";
import { setImmediate as nextTurn } from "node:timers/promises";
import { Server } from "socket.io";
import { parsePort, serve } from "./process.mjs";
import { composeScript } from "./script-template.mjs";

const WORKERS = 2;
const QUEUE_CAPACITY = 100_000;
const MAX_REGISTRATIONS_PER_SOCKET = 100;
const MAX_BODY_BYTES = 1_000_000;
const RETRY_AFTER_SECONDS = 5;
const JOB_ID = /^[A-Za-z0-9_.:-]{1,128}$/;
const LANGUAGES = ["vi", "en"];
const LENGTHS = ["short", "medium", "long"];

const port = parsePort(process.argv.slice(2));
const jobs = new Map(); // jobId → { jobId, requestJson, request, state, createdAt, updatedAt, result }
const queue = [];
const idleWorkers = []; // resolvers of workers waiting for a job

const httpServer = createServer(handleHttp);
const io = new Server(httpServer);
const room = (jobId) => `job:${jobId}`;

io.on("connection", (socket) => {
  const registered = new Set();
  const delivered = new Set();
  socket.data.delivered = delivered;

  socket.on("register", (jobId, ack) => {
    const error = jobIdError(jobId);
    if (error) return reply(ack, { status: "error", message: error });
    if (!registered.has(jobId) && registered.size >= MAX_REGISTRATIONS_PER_SOCKET) {
      return reply(ack, { status: "error", message: `A socket may be registered for at most ${MAX_REGISTRATIONS_PER_SOCKET} jobs.` });
    }
    registered.add(jobId);
    socket.join(room(jobId));
    reply(ack, { status: "success", jobId });
    const job = jobs.get(jobId);
    if (job?.result) deliver(socket, job.result);
  });

  socket.on("unregister", (jobId, ack) => {
    const error = jobIdError(jobId);
    if (error) return reply(ack, { status: "error", message: error });
    socket.leave(room(jobId));
    registered.delete(jobId);
    delivered.delete(jobId);
    reply(ack, { status: "success", jobId });
  });

  socket.emit("connection_ack", { status: "success", socketId: socket.id });
});

function reply(ack, value) {
  if (typeof ack === "function") ack(value);
}

function jobIdError(value) {
  if (value === undefined) return "jobId is required.";
  if (value === null) return "jobId must be a string, not null.";
  if (typeof value !== "string") {
    const kind = typeof value === "number" ? "a number" : Array.isArray(value) ? "an array" : typeof value === "object" ? "an object" : null;
    return kind ? `jobId must be a string, not ${kind}.` : "jobId must be a string.";
  }
  if (value.length === 0) return "jobId must not be empty.";
  if (value.length > 128) return "jobId must be at most 128 characters.";
  return JOB_ID.test(value) ? null : "jobId may contain only letters, digits and _ . : -";
}

// Each registered socket gets a job's result once, whether from the worker or from the replay on register.
function deliver(socket, result) {
  if (socket.data.delivered.has(result.job_id)) return;
  socket.data.delivered.add(result.job_id);
  socket.emit("scriptResult", result);
}

async function handleHttp(req, res) {
  const url = new URL(req.url, "http://localhost");
  if (url.pathname === "/api/scripts" || url.pathname === "/api/scripts/") {
    if (req.method === "POST") return post(req, res);
  } else if (url.pathname.startsWith("/api/scripts/") && req.method === "GET") {
    return get(decodeURIComponent(url.pathname.slice("/api/scripts/".length)), res);
  } else if (url.pathname === "/healthz" && req.method === "GET") {
    res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" }).end("ok");
    return;
  }
  problem(res, 404, "Not found", `No endpoint at ${req.method} ${url.pathname}.`);
}

async function post(req, res) {
  const contentType = (req.headers["content-type"] ?? "").split(";")[0].trim().toLowerCase();
  if (contentType !== "application/json" && !/^application\/[^/]+\+json$/.test(contentType)) {
    req.resume();
    return problem(res, 415, "Unsupported media type", "The body must be JSON (Content-Type: application/json).");
  }
  const body = await readBody(req);
  if (body === null) {
    return problem(res, 413, "Payload too large", `The body may be at most ${MAX_BODY_BYTES} bytes.`);
  }
  let document;
  try {
    document = JSON.parse(body);
  } catch (e) {
    return problem(res, 400, "Malformed JSON", `The body is not valid JSON: ${e.message}`);
  }
  const { request, errors } = parseRequest(document);
  if (!request) {
    return send(res, 400, "application/problem+json", {
      type: "https://tools.ietf.org/html/rfc9110#section-15.5.1", title: "Invalid request", status: 400,
      detail: "Some fields are missing or invalid.", errors,
    });
  }

  const requestJson = JSON.stringify(request);
  const existing = jobs.get(request.jobId);
  if (existing) {
    return existing.requestJson === requestJson
      ? accepted(res, existing.jobId, existing.state)
      : problem(res, 409, "Job id already used", `Job '${request.jobId}' exists with a different request.`);
  }
  if (queue.length >= QUEUE_CAPACITY) {
    res.setHeader("Retry-After", String(RETRY_AFTER_SECONDS));
    return problem(res, 503, "Service unavailable", "The queue is full; try again shortly.");
  }
  const now = new Date().toISOString();
  jobs.set(request.jobId, { jobId: request.jobId, requestJson, request, state: "queued", createdAt: now, updatedAt: now, result: null });
  queue.push(request.jobId);
  idleWorkers.shift()?.();
  accepted(res, request.jobId, "queued");
}

function get(jobId, res) {
  const error = jobIdError(jobId);
  if (error) {
    return send(res, 400, "application/problem+json", {
      type: "https://tools.ietf.org/html/rfc9110#section-15.5.1", title: "Invalid job id", status: 400, errors: { jobId: [error] },
    });
  }
  const job = jobs.get(jobId);
  if (!job) return problem(res, 404, "Job not found", `There is no job '${jobId}'.`);
  const status = { jobId: job.jobId, state: job.state, createdAt: job.createdAt, updatedAt: job.updatedAt };
  if (job.result) status.result = job.result;
  send(res, 200, "application/json; charset=utf-8", status);
}

// The body as text, or null once it passes MAX_BODY_BYTES.
async function readBody(req) {
  if (Number(req.headers["content-length"]) > MAX_BODY_BYTES) {
    req.resume();
    return null;
  }
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) {
      req.resume();
      return null;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}

// Field by field, with the messages of src/ScriptService/Api/ScriptRequestParser.cs.
function parseRequest(body) {
  const errors = {};
  if (body === null || typeof body !== "object" || Array.isArray(body)) {
    return { request: null, errors: { $: ["The body must be a JSON object."] } };
  }
  let jobId = `job_${randomUUID().replaceAll("-", "")}`;
  if (body.jobId !== undefined && body.jobId !== null) {
    const error = jobIdError(body.jobId);
    if (error) errors.jobId = [error];
    else jobId = body.jobId;
  }
  const text = (name, maxLength, required) => {
    const value = body[name];
    if (value === undefined || value === null) {
      if (required) errors[name] = [`${name} is required.`];
      return null;
    }
    if (typeof value !== "string") {
      errors[name] = [`${name} must be a string.`];
      return null;
    }
    const trimmed = value.trim();
    if (required && trimmed.length === 0) {
      errors[name] = [`${name} must not be empty.`];
      return null;
    }
    if (trimmed.length > maxLength) {
      errors[name] = [`${name} must be at most ${maxLength} characters.`];
      return null;
    }
    return trimmed.length === 0 ? null : trimmed;
  };
  const topic = text("topic", 500, true);
  const userId = text("userId", 128, false);
  const audience = text("audience", 100, false);
  const style = text("style", 100, false);
  const language = text("language", 8, false) ?? "vi";
  if (!errors.language && !LANGUAGES.includes(language)) errors.language = [`language must be one of: ${LANGUAGES.join(", ")}.`];
  const length = text("length", 16, false) ?? "medium";
  if (!errors.length && !LENGTHS.includes(length)) errors.length = ["length must be one of: short, medium, long."];
  const sources = parseSources(body.sources, errors);
  return Object.keys(errors).length > 0
    ? { request: null, errors }
    : { request: { jobId, userId, topic, audience, style, sources, language, length }, errors };
}

function parseSources(value, errors) {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    errors.sources = ["sources must be an array of strings."];
    return [];
  }
  if (value.length > 20) {
    errors.sources = ["sources may hold at most 20 items."];
    return [];
  }
  const sources = [];
  for (const item of value) {
    if (typeof item !== "string") {
      errors.sources = ["sources must be an array of strings."];
      return [];
    }
    const trimmed = item.trim();
    if (trimmed.length > 2000) {
      errors.sources = ["each source must be at most 2000 characters."];
      return [];
    }
    if (trimmed.length > 0) sources.push(trimmed);
  }
  return sources;
}

function accepted(res, jobId, status) {
  res.setHeader("Location", `/api/scripts/${jobId}`);
  send(res, 202, "application/json; charset=utf-8", { jobId, status });
}

// The RFC 9110 sections ASP.NET Core's problem details point at.
const PROBLEM_SECTIONS = { 400: "15.5.1", 404: "15.5.5", 409: "15.5.10", 413: "15.5.14", 415: "15.5.16", 503: "15.6.4" };

function problem(res, status, title, detail) {
  send(res, status, "application/problem+json", { type: `https://tools.ietf.org/html/rfc9110#section-${PROBLEM_SECTIONS[status]}`, title, status, detail });
}

function send(res, status, contentType, value) {
  const body = JSON.stringify(value);
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body) }).end(body);
}

// The workers: each takes the next queued job, runs it, and yields to the event loop between jobs.
async function work() {
  for (;;) {
    const jobId = queue.shift();
    if (jobId === undefined) {
      await new Promise((resolve) => idleWorkers.push(resolve));
      continue;
    }
    run(jobs.get(jobId));
    await nextTurn();
  }
}

function run(job) {
  job.state = "running";
  job.updatedAt = new Date().toISOString();
  const progress = (stage, percent) =>
    io.to(room(job.jobId)).volatile.emit("scriptProgress", { job_id: job.jobId, stage, progress: percent, timestamp: new Date().toISOString() });
  let data = null;
  let error = null;
  try {
    progress("outline", 20);
    const script = composeScript(job.request);
    progress("draft", 60);
    progress("polish", 90);
    progress("done", 100);
    data = { scriptId: randomUUID(), topic: job.request.topic, title: script.title, description: script.description, script: script.script, status: "completed" };
  } catch {
    error = "The script could not be generated.";
  }
  const timestamp = new Date().toISOString();
  job.result = { job_id: job.jobId, status: data ? 201 : 500, data, error, timestamp };
  job.state = data ? "succeeded" : "failed";
  job.updatedAt = timestamp;
  for (const socket of io.of("/").adapter.rooms.get(room(job.jobId)) ?? []) {
    const target = io.of("/").sockets.get(socket);
    if (target) deliver(target, job.result);
  }
}

for (let i = 0; i < WORKERS; i++) work();
serve(httpServer, port, (done) => io.close(done));
