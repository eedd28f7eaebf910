// The @socket.io/admin-ui 0.5.1 dashboard itself (the package's built ui/dist, served by the test on a loopback
// port) in Debian's Chromium, driven by playwright-core: it logs in to our server through its connection form and
// reads what the page shows. `node browser.mjs <dashboardUrl> <serverUrl> <path> <username> <password> <socketsCount> <id>...`
// prints one line {"step":"dashboard", namespaceCount, socketIds, serverClients, errors}; CHROMIUM_PATH overrides
// /usr/bin/chromium. Every wait is on the page's own state, with a timeout.
import { existsSync } from "node:fs";
import { chromium } from "playwright-core";
import { log, main, out, WAIT_MS } from "../../TestUtilities/node/client.mjs";

const [dashboardUrl, serverUrl, path, username, password, countText, ...ids] = process.argv.slice(2);
const expectedCount = Number(countText);
const executablePath = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

main(async () => {
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium is missing at ${executablePath}: install it (apt-get install -y chromium)`);
  }

  const browser = await chromium.launch({
    executablePath,
    headless: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    timeout: WAIT_MS,
  });
  const errors = [];
  try {
    // Wide enough for the navigation drawer to be open, as on a desktop.
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.on("console", (message) => {
      log("[page]", message.type(), message.text());
      // The CDN requests refused below are expected; anything else is the page failing.
      if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
        errors.push(message.text());
      }
    });
    page.on("pageerror", (error) => {
      log("[page error]", error);
      errors.push(String(error));
    });
    // The page links fonts and icons from CDNs: the test runs offline, so they are refused at once rather than waited for.
    await page.route((url) => !url.href.startsWith(dashboardUrl) && !url.href.startsWith(serverUrl), (route) => route.abort());

    await page.goto(dashboardUrl, { timeout: WAIT_MS });
    await page.getByLabel("Server URL").fill(serverUrl, { timeout: WAIT_MS });
    await page.getByLabel("Username").fill(username);
    await page.getByLabel("Password").fill(password);
    await page.getByText("Advanced options").click();
    await page.getByLabel("Path").fill(path, { timeout: WAIT_MS });
    await page.getByRole("button", { name: "Connect" }).click();
    // The connection form closes once the admin namespace accepted the dashboard.
    await page.getByLabel("Server URL").waitFor({ state: "hidden", timeout: WAIT_MS });

    // The dashboard's namespaces table, fed by our server_stats: "/" with the sockets the test connected.
    const namespaceCount = await page.waitForFunction(
      (expected) => {
        for (const row of document.querySelectorAll("tr")) {
          const cells = row.querySelectorAll("td");
          if (cells.length === 2 && cells[0].textContent.trim() === "/" && Number(cells[1].textContent.trim()) === expected) {
            return expected;
          }
        }
        return null;
      },
      expectedCount,
      { timeout: WAIT_MS },
    ).then((handle) => handle.jsonValue());

    // The sockets page (in the page, no reload), fed by all_sockets and socket_connected: every id of "/".
    await page.evaluate(() => {
      window.location.hash = "#/sockets";
    });
    const socketIds = await page.waitForFunction(
      (expected) => {
        const rows = [...document.querySelectorAll("table tbody tr")].map((row) => row.querySelector("td")?.textContent.trim() ?? "");
        const found = rows.filter((text) => expected.includes(text));
        return found.length === expected.length && rows.length === expected.length ? rows : null;
      },
      ids,
      { timeout: WAIT_MS },
    ).then((handle) => handle.jsonValue());

    // The servers page: our server, with the connections it counts (the clients and the dashboard's own).
    await page.evaluate(() => {
      window.location.hash = "#/servers";
    });
    const serverClients = await page.waitForFunction(
      (expected) => {
        for (const row of document.querySelectorAll("table tbody tr")) {
          const cells = [...row.querySelectorAll("td")].map((cell) => cell.textContent.trim());
          if (cells.includes(String(expected))) {
            return cells;
          }
        }
        return null;
      },
      expectedCount + 1,
      { timeout: WAIT_MS },
    ).then((handle) => handle.jsonValue());

    out("dashboard", { namespaceCount, socketIds, serverClients, errors });
  } finally {
    await browser.close();
  }
}, 55000);
