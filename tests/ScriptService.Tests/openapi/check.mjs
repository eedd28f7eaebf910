// Checks the service's OpenAPI document against the service itself:
//   1. the document validates (swagger-parser: the OpenAPI 3.1 meta-schema and the spec's own rules);
//   2. every example in it fits its schema (ajv, JSON Schema 2020-12, as OpenAPI 3.1 schemas are);
//   3. real requests to the real service, one per answer the API gives, each of whose status, media type and body
//      must be documented for its operation and fit its schema.
//
//   node check.mjs <url> <anonymous|authenticated> [token]
//
// "authenticated" is for a service with an API key (the token) and a small PostsPerMinute: it checks the 401s, the
// API with the token, then posts until the rate limiter's 429.
// Prints one JSON line per checked answer ({step:"checked", operation, status, mediaType}); exits 1 at the first
// mismatch, with the reason on stderr.
import SwaggerParser from "@apidevtools/swagger-parser";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { io } from "socket.io-client";
import { main, once, out } from "../../TestUtilities/node/client.mjs";

const [url, mode, token] = process.argv.slice(2);
if (!url || !["anonymous", "authenticated"].includes(mode) || (mode === "authenticated" && !token)) {
  console.error("usage: node check.mjs <url> <anonymous|authenticated> [token]");
  process.exit(64);
}

/** A body larger than the host's MaxRequestBodyBytes (the test sets a small one), for the 413. */
const OVERSIZED_BYTES = 8 * 1024;

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
addFormats(ajv);
// OpenAPI's format names for numbers: JSON Schema leaves unknown formats to the user; these only restate the type.
for (const name of ["int32", "int64", "float", "double"]) {
  ajv.addFormat(name, { type: "number", validate: () => true });
}

let document;
const validators = new Map();

function fail(message) {
  throw new Error(message);
}

function validatorFor(schema) {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }

  return validate;
}

function assertFits(schema, value, where) {
  const validate = validatorFor(schema);
  if (!validate(value)) {
    fail(`${where}: ${JSON.stringify(value)} does not fit its schema: ${ajv.errorsText(validate.errors)}`);
  }
}

/** Every media type's example and every schema's examples must fit their schemas. */
function checkExamples(doc) {
  let count = 0;
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      const contents = [
        ["request", operation.requestBody?.content],
        ...Object.entries(operation.responses ?? {}).map(([status, response]) => [status, response.content]),
      ];
      for (const [what, content] of contents) {
        for (const [mediaType, media] of Object.entries(content ?? {})) {
          if (media.example !== undefined) {
            assertFits(media.schema, media.example, `${method.toUpperCase()} ${path} ${what} ${mediaType} example`);
            count++;
          }
        }
      }
    }
  }

  for (const [name, schema] of Object.entries(doc.components?.schemas ?? {})) {
    for (const example of schema.examples ?? []) {
      assertFits(schema, example, `components.schemas.${name} example`);
      count++;
    }
  }

  return count;
}

/** The operation of a path template and method; fails if the document has none. */
function operationOf(method, template) {
  const operation = document.paths[template]?.[method.toLowerCase()];
  if (!operation) {
    fail(`the document has no ${method} ${template}`);
  }

  return operation;
}

/**
 * Sends a request and checks its answer against the document: the status must be listed for the operation (no
 * "default" is documented, so an unlisted status is a mismatch), the media type must be one of that response's, and
 * the body must fit the schema. Returns the status and the parsed body.
 */
async function call(method, template, path, { body, contentType, auth = true, expect } = {}) {
  const headers = {};
  if (contentType) {
    headers["Content-Type"] = contentType;
  }

  if (auth && token) {
    headers.Authorization = `Bearer ${token}`;
  }

  const response = await fetch(new URL(path, url), { method, headers, body });
  const text = await response.text();
  const where = `${method} ${path} → ${response.status}`;
  if (expect !== undefined && response.status !== expect) {
    fail(`${where}: expected ${expect}; body: ${text}`);
  }

  const operation = operationOf(method, template);
  const documented = operation.responses?.[String(response.status)];
  if (!documented) {
    fail(`${where}: the document lists no ${response.status} for ${method} ${template} (it lists ${Object.keys(operation.responses ?? {}).join(", ")}); body: ${text}`);
  }

  const mediaType = (response.headers.get("content-type") ?? "").split(";")[0].trim();
  const content = documented.content ?? {};
  let value = null;
  if (Object.keys(content).length === 0) {
    if (text.length > 0) {
      fail(`${where}: the document gives this answer no body, but it has one (${mediaType}): ${text}`);
    }
  } else if (method === "HEAD") {
    if (text.length > 0) {
      fail(`${where}: a HEAD answer with a body`);
    }
  } else {
    const media = content[mediaType];
    if (!media) {
      fail(`${where}: answered ${mediaType || "(no Content-Type)"}, but the document lists ${Object.keys(content).join(", ")}`);
    }

    value = mediaType.endsWith("json") ? JSON.parse(text) : text;
    assertFits(media.schema, value, where);
  }

  for (const name of Object.keys(documented.headers ?? {})) {
    if (!response.headers.has(name)) {
      fail(`${where}: the document promises the header ${name}, which the answer lacks`);
    }
  }

  out("checked", { operation: `${method} ${template}`, status: response.status, mediaType });
  return { status: response.status, body: value, headers: response.headers };
}

function scriptBody(jobId, topic) {
  return JSON.stringify({
    jobId,
    topic,
    audience: "general",
    style: "informative",
    sources: ["A source line."],
    language: "en",
    length: "short",
  });
}

/** Connects, registers the job, and resolves with its scriptResult: the GET after it sees the finished job. */
async function awaitResult(jobId) {
  const socket = io(url, { transports: ["websocket"], reconnection: false, auth: token ? { token } : undefined });
  try {
    const result = once(socket, "scriptResult", 30000);
    const [ack] = await once(socket, "connection_ack");
    if (ack.status !== "success") {
      fail(`connection refused: ${ack.message}`);
    }

    const registered = await new Promise((resolve) => socket.emit("register", jobId, resolve));
    if (registered?.status !== "success") {
      fail(`register ${jobId} failed: ${JSON.stringify(registered)}`);
    }

    const [message] = await result;
    return message;
  } finally {
    socket.disconnect();
  }
}

main(async () => {
  const response = await fetch(new URL("/openapi/v1.json", url));
  if (response.status !== 200 || !response.headers.get("content-type")?.startsWith("application/json")) {
    fail(`GET /openapi/v1.json answered ${response.status} ${response.headers.get("content-type")}`);
  }

  const raw = await response.json();
  // validate() and dereference() change the object they are given; each gets its own copy.
  await SwaggerParser.validate(structuredClone(raw));
  out("validated", { openapi: raw.openapi, paths: Object.keys(raw.paths) });
  document = await SwaggerParser.dereference(structuredClone(raw));
  out("examples", { count: checkExamples(document) });

  const scripts = "/api/scripts";
  const job = "/api/scripts/{jobId}";
  const jobId = `openapi_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;

  if (mode === "authenticated") {
    await call("POST", scripts, scripts, { body: scriptBody(jobId, "Unauthorized"), contentType: "application/json", auth: false, expect: 401 });
    await call("GET", job, `${scripts}/${jobId}`, { auth: false, expect: 401 });
  }

  const accepted = await call("POST", scripts, scripts, { body: scriptBody(jobId, "OpenAPI check"), contentType: "application/json", expect: 202 });
  if (accepted.body.jobId !== jobId || accepted.headers.get("location") !== `${scripts}/${jobId}`) {
    fail(`202 for ${jobId}: ${JSON.stringify(accepted.body)}, Location ${accepted.headers.get("location")}`);
  }

  const finished = awaitResult(jobId);
  await call("POST", scripts, scripts, { body: scriptBody(jobId, "OpenAPI check"), contentType: "application/json", expect: 202 });
  await call("POST", scripts, scripts, { body: scriptBody(jobId, "Another topic"), contentType: "application/json", expect: 409 });
  await call("POST", scripts, scripts, { body: JSON.stringify({ language: "fr", sources: "one" }), contentType: "application/json", expect: 400 });
  await call("POST", scripts, scripts, { body: "{\"topic\": ", contentType: "application/json", expect: 400 });
  await call("POST", scripts, scripts, { body: "topic=solar", contentType: "text/plain", expect: 415 });
  await call("POST", scripts, scripts, { body: scriptBody(jobId, "x".repeat(OVERSIZED_BYTES)), contentType: "application/json", expect: 413 });

  const message = await finished;
  const done = await call("GET", job, `${scripts}/${encodeURIComponent(jobId)}`, { expect: 200 });
  if (done.body.state !== "succeeded" || done.body.result?.job_id !== jobId || JSON.stringify(done.body.result) !== JSON.stringify(message)) {
    fail(`GET after scriptResult: ${JSON.stringify(done.body)}; the socket received ${JSON.stringify(message)}`);
  }

  await call("GET", job, `${scripts}/missing_${jobId}`, { expect: 404 });
  await call("GET", job, `${scripts}/${encodeURIComponent("not a job id!")}`, { expect: 400 });
  await call("GET", "/healthz", "/healthz", { expect: 200 });
  await call("HEAD", "/healthz", "/healthz", { expect: 200 });
  await call("GET", "/readyz", "/readyz", { expect: 200 });

  if (mode === "authenticated") {
    // The test gives this host a small PostsPerMinute: invalid posts (which store nothing) until the limiter refuses.
    // Bounded, and counted in a loop rather than by number, so that a window that renews mid-run changes nothing.
    for (let attempt = 0; ; attempt++) {
      if (attempt === 50) {
        fail("50 posts and never a 429");
      }

      const refused = await call("POST", scripts, scripts, { body: "{}", contentType: "application/json" });
      if (refused.status === 429) {
        break;
      }

      if (refused.status !== 400) {
        fail(`POST {} answered ${refused.status}, expected 400 or 429`);
      }
    }
  }
});
