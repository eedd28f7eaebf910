// Scenario 7: a real browser. Chromium (Debian's, driven by playwright-core) opens the test server's page, whose
// script uses the socket.io-client browser bundle; this script reads the page's outcome and prints it.
// `node browser.mjs <url> <mode> <run>` (mode is ignored: the page uses the default transports) with CHROMIUM_PATH
// overriding /usr/bin/chromium.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { log, main, out, WAIT_MS } from "../../TestUtilities/node/client.mjs";
import { run, url } from "./scenario.mjs";

const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

main(async () => {
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium is missing at ${executablePath}: install it (apt-get install -y chromium)`);
  }

  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    timeout: WAIT_MS,
  });
  try {
    const page = await browser.newPage();
    page.on("console", (message) => log("[page]", message.type(), message.text()));
    page.on("pageerror", (error) => log("[page error]", error));
    page.on("requestfailed", (request) => log("[request failed]", request.url(), request.failure()?.errorText));
    await page.goto(`${url}/?run=${encodeURIComponent(run)}`, { timeout: WAIT_MS });
    await page.waitForFunction(() => window.__result !== null, null, { timeout: WAIT_MS });
    const result = await page.evaluate(() => window.__result);
    out("browser", { version: browser.version(), ...result });
  } finally {
    await browser.close();
  }
}, 55000);
