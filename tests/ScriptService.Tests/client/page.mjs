// The service's page at / in a real browser: Chromium (Debian's, driven by playwright-core) opens it, submits a job
// through #generate, follows #progress, reads the script in #result, reloads and reads the recent jobs restored from the
// service's replay, then switches the page to Vietnamese. Every step prints one JSON line; console errors, page errors
// and failed requests are collected and printed at the end.
//
//   node page.mjs <serviceUrl> <screenshotPath> [token]
//
// With a token, the service is expected to require one: the page must say so and take it, then run the flow with it.
//
// CHROMIUM_PATH overrides /usr/bin/chromium. Every wait is on a selector or a function, with a time limit.
import { existsSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { chromium } from "playwright-core";
import { log, main, out, WAIT_MS } from "../../TestUtilities/node/client.mjs";

const [url, screenshotPath, token] = process.argv.slice(2);
const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

main(async () => {
  if (!url || !screenshotPath) throw new Error("usage: node page.mjs <serviceUrl> <screenshotPath>");
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium is missing at ${executablePath}: install it (apt-get install -y chromium)`);
  }

  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    timeout: WAIT_MS,
  });
  const problems = [];
  try {
    const context = await browser.newContext({ locale: "en-US", viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    page.setDefaultTimeout(WAIT_MS);
    page.on("console", (message) => {
      log("[page]", message.type(), message.text());
      if (message.type() === "error" || message.type() === "warning") problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("requestfailed", (request) => {
      // Socket.IO's long-polling request is aborted on purpose when the connection upgrades to WebSocket.
      if (request.url().includes("/socket.io/?") && request.failure()?.errorText === "net::ERR_ABORTED") return;
      problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`);
    });
    const posts = [];
    page.on("request", (request) => {
      if (request.method() === "POST" && new URL(request.url()).pathname === "/api/scripts") posts.push(request.postDataJSON());
    });
    const responses = [];
    page.on("response", (response) => responses.push({ url: new URL(response.url()).pathname, status: response.status() }));

    await page.goto(url + "/", { waitUntil: "load" });
    if (token) {
      // Refused without a token: the page opens its token field and says why.
      await page.waitForSelector("#access[open]");
      out("token-asked", {
        connection: await page.getAttribute("#connection", "data-state"),
        message: await page.textContent("#message"),
      });
      await page.fill('#token-form [name="token"]', token);
      await page.click('#token-form button[type="submit"]');
    }
    await page.waitForSelector('#connection[data-state="connected"]');
    out("loaded", {
      title: await page.title(),
      lang: await page.evaluate(() => document.documentElement.lang),
      heading: await page.textContent("h1"),
      fields: await page.$$eval("#generate [name]", (elements) => elements.map((e) => e.name)),
      bundle: responses.find((r) => r.url === "/socket.io/socket.io.min.js") ?? null,
    });

    // Every value #progress takes, in order, from here on: each change's record holds the value before it, and the
    // value now ends the list when it is read.
    await page.evaluate(() => {
      window.__progressBefore = [];
      new MutationObserver((records) => {
        for (const record of records) window.__progressBefore.push(Number(record.oldValue ?? 0));
      }).observe(document.getElementById("progress"), { attributes: true, attributeFilter: ["value"], attributeOldValue: true });
    });

    const topic = "Solar power for homes";
    await page.fill('#generate [name="topic"]', topic);
    await page.fill('#generate [name="audience"]', "students");
    await page.fill('#generate [name="style"]', "storytelling");
    await page.fill('#generate [name="sources"]', "https://example.org/solar-basics\n\n  https://example.org/home-batteries  ");
    await page.selectOption('#generate [name="language"]', "en");
    await page.selectOption('#generate [name="length"]', "short");
    await page.click('#generate button[type="submit"]');

    const item = await page.waitForSelector("#jobs li[data-job-id]");
    const jobId = await item.getAttribute("data-job-id");
    await page.waitForFunction(() => document.querySelector('#generate button[type="submit"]').disabled === false);
    out("submitted", { jobId, posts });

    await page.waitForSelector(`#result[data-job-id="${jobId}"][data-state="succeeded"] h2`);
    await page.waitForFunction(() => document.getElementById("progress").value === 100);
    const shown = await page.evaluate(() => ({
      progress: [...window.__progressBefore, document.getElementById("progress").value],
      stage: document.getElementById("stage").textContent,
      title: document.querySelector("#result h2").textContent,
      description: document.querySelector("#result .description").textContent,
      headings: Array.from(document.querySelectorAll("#result .script h3"), (h) => h.textContent),
      paragraphs: Array.from(document.querySelectorAll("#result .script p"), (p) => p.textContent),
      jobs: Array.from(document.querySelectorAll("#jobs li"), (li) => ({ id: li.dataset.jobId, state: li.dataset.state, title: li.querySelector(".job-title").textContent })),
    }));
    out("result", { jobId, ...shown });

    mkdirSync(dirname(screenshotPath), { recursive: true });
    await page.screenshot({ path: screenshotPath, fullPage: false });
    out("screenshot", { path: screenshotPath });

    // A reload knows only the ids in localStorage; the state and the script come back from the service's replay of
    // the finished job to the new registration.
    await page.reload({ waitUntil: "load" });
    await page.waitForSelector(`#jobs li[data-job-id="${jobId}"][data-state="succeeded"]`);
    await page.waitForSelector(`#result[data-job-id="${jobId}"][data-state="succeeded"] h2`);
    out("reloaded", {
      stored: await page.evaluate(() => localStorage.getItem("scriptservice.page.jobs")),
      title: await page.textContent("#result h2"),
      jobs: await page.$$eval("#jobs li", (items) => items.map((li) => ({ id: li.dataset.jobId, state: li.dataset.state, title: li.querySelector(".job-title").textContent }))),
    });

    await page.click('[data-ui-language="vi"]');
    await page.waitForFunction(() => document.documentElement.lang === "vi");
    out("vietnamese", {
      heading: await page.textContent("h1"),
      submit: await page.textContent('#generate button[type="submit"]'),
      state: await page.textContent(`#jobs li[data-job-id="${jobId}"] .job-state`),
    });

    out("problems", { problems });
    await context.close();
  } finally {
    await browser.close();
  }
}, 55000);
