#!/usr/bin/env node
// End-to-end tests of the web UI: a real ticketd (the built binary) with a fresh data
// directory and the demo dataset on a free loopback port, driven through Debian's Chromium
// by playwright-core (never a downloaded browser).  Prints one line per test and ends with
// "e2e: N passed, N failed"; exits non-zero when anything failed.  Screenshots of the home
// page, a list and a ticket page at 1280 and 360 px go to build/screenshots/.
//
//   node tests/e2e/run.mjs --binary build/ticketd [--web web/dist] [--shots build/screenshots]
//   (or TICKETD_BIN, TICKETD_WEB, E2E_SHOTS in the environment; CHROMIUM overrides the browser)
import { spawn } from "node:child_process";
import {
  mkdtempSync,
  mkdirSync,
  rmSync,
  existsSync,
  openSync,
  readFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const root = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../..",
);
const args = process.argv.slice(2);
const opt = (name, env, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? args[i + 1] : process.env[env] || fallback;
};
const binary = path.resolve(
  opt("--binary", "TICKETD_BIN", path.join(root, "build/ticketd")),
);
const webDir = path.resolve(
  opt("--web", "TICKETD_WEB", path.join(root, "web/dist")),
);
const shots = path.resolve(
  opt("--shots", "E2E_SHOTS", path.join(root, "build/screenshots")),
);
const chromiumPath = process.env.CHROMIUM || "/usr/bin/chromium";

// playwright-core is a dev dependency of web/ (one lockfile for the front end and its tests).
const require = createRequire(path.join(root, "web/package.json"));
let chromium;
try {
  ({ chromium } = require("playwright-core"));
} catch (e) {
  console.log(
    `e2e: cannot load playwright-core from web/node_modules (run make web): ${e.message}`,
  );
  console.log("e2e: 0 passed, 1 failed");
  process.exit(1);
}

function fail(msg) {
  console.log(`FAIL setup: ${msg}`);
  console.log("e2e: 0 passed, 1 failed");
  process.exit(1);
}
if (!existsSync(binary)) fail(`no ticketd binary at ${binary}`);
if (!existsSync(path.join(webDir, "index.html")))
  fail(`the web UI is not built (no ${webDir}/index.html)`);
if (!existsSync(chromiumPath))
  fail(`no Chromium at ${chromiumPath} (apt-get install chromium)`);

/** The status line's code for a GET of path sent byte for byte (no URL normalisation). */
const rawStatus = (path) =>
  new Promise((resolve, reject) => {
    const sock = net.connect(port, "127.0.0.1", () =>
      sock.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`,
      ),
    );
    let data = "";
    sock.on("data", (d) => (data += d));
    sock.on("end", () =>
      resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1] ?? 0)),
    );
    sock.on("error", reject);
  });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Today's date in Asia/Kolkata minus n days, as YYYY-MM-DD. */
function kolkataDate(minusDays) {
  const today = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Asia/Kolkata",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
  const [y, m, d] = today.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, d - minusDays)).toISOString().slice(0, 10);
}

const tmp = mkdtempSync(path.join(os.tmpdir(), "ticketd-e2e-"));
let port; // known once ticketd is up
let base;
// ticketd binds any free port (--port 0) and names it in its first line, so no other
// socket can take the port between choosing it and binding it.
const logPath = path.join(tmp, "server.log");
const log = openSync(logPath, "w");
const server = spawn(
  binary,
  [
    "serve",
    "--data",
    path.join(tmp, "data"),
    "--port",
    "0",
    "--demo",
    "--web",
    webDir,
  ],
  {
    stdio: ["ignore", log, log],
  },
);
let serverExited = false;
server.on("exit", () => (serverExited = true));

async function waitForServer() {
  for (let i = 0; i < 300 && !serverExited; i++) {
    const m = /ticketd listening on http:\/\/[^:/]+:(\d+)\//.exec(
      readFileSync(logPath, "utf8"),
    );
    if (m) {
      try {
        const r = await fetch(`http://127.0.0.1:${m[1]}/healthz`);
        if (r.ok) return Number(m[1]);
      } catch {
        /* not yet */
      }
    }
    await sleep(100);
  }
  throw new Error(`ticketd did not start; see ${logPath}`);
}

let passed = 0;
let failed = 0;
let broken = false; // a failed step leaves later steps of the story without their ticket
// E2E_ONLY=text runs only the tests whose name holds it (while working on one).
const only = process.env.E2E_ONLY;
async function test(name, fn, { independent = false } = {}) {
  if (only && !name.includes(only)) return;
  if (broken && !independent) {
    failed++;
    console.log(`FAIL ${name}: skipped after an earlier failure`);
    return;
  }
  const t0 = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    if (!independent) broken = true;
    // What the page showed, for whoever reads the failure (the CI log names the file).
    const shot = path.join(shots, `failed-${failed}.png`);
    if (shown && (await shown.screenshot({ path: shot, fullPage: true }).catch(() => null)))
      console.log(`e2e: the page at the failure: ${shot} (${shown.url()})`);
    console.log(
      `FAIL ${name}: ${String(e && e.message ? e.message : e)
        .split("\n")
        .slice(0, 6)
        .join(" | ")}`,
    );
  }
}

function expect(cond, message) {
  if (!cond) throw new Error(message);
}

let context;
let shown = null; // the staff page, for a screenshot when a test fails
let exitCode = 1;
try {
  port = await waitForServer();
  base = `http://127.0.0.1:${port}`;
  mkdirSync(shots, { recursive: true });
  const profile = mkdtempSync(path.join(tmp, "chromium-"));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1280, height: 900 },
    locale: "en-IN",
    timezoneId: "Asia/Kolkata",
  });
  // A wait is for something that will happen; its limit only ends a test that is stuck.
  // 10 s was too short on a machine busy with a build beside the tests (a sign-out's
  // redirect once took longer), and a test that fails now and then blocks every change.
  context.setDefaultTimeout(30_000);
  const page = context.pages()[0] ?? (await context.newPage());
  shown = page;
  const problems = [];
  page.on("console", (m) => {
    // 401 before sign-in and the 422 of the missing-field test are expected answers.
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource"))
      problems.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(String(e)));

  const shot = async (name) => {
    await page.waitForLoadState("networkidle").catch(() => {});
    await page.mouse.move(0, 0);
    await page.evaluate(() => document.fonts && document.fonts.ready);
    await page.screenshot({ path: path.join(shots, name), fullPage: true });
  };
  const shotPortal = async (name) => {
    const pp = context.pages().at(-1);
    await pp.waitForLoadState("networkidle").catch(() => {});
    await pp.evaluate(() => document.fonts && document.fonts.ready);
    await pp.screenshot({ path: path.join(shots, name), fullPage: true });
  };
  const atWidths = async (name, url) => {
    for (const w of [1280, 360]) {
      await page.setViewportSize({ width: w, height: w === 360 ? 780 : 900 });
      if (url) await page.goto(base + url);
      await shot(`${name}-${w}.png`);
      const overflow = await page.evaluate(
        () =>
          document.documentElement.scrollWidth -
          document.documentElement.clientWidth,
      );
      expect(
        overflow <= 0,
        `${name} scrolls sideways at ${w} px (${overflow} px too wide)`,
      );
    }
    await page.setViewportSize({ width: 1280, height: 900 });
  };
  const signIn = async (email, name, role) => {
    await page.goto(base + "/");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill("demo-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByTestId("user-name").filter({ hasText: name }).waitFor();
    const shownRole = await page.getByTestId("user-role").textContent();
    expect(shownRole === role, `header role is "${shownRole}", not "${role}"`);
  };
  const signOut = async () => {
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { name: "Sign in to ticketd" }).waitFor();
  };

  await test(
    "static files: deep links get the app, assets are cached, CSP is set",
    async () => {
      const index = await fetch(base + "/tickets/b2c/12");
      expect(index.status === 200, `deep link answered ${index.status}`);
      expect(
        (index.headers.get("content-type") || "").startsWith("text/html"),
        "deep link is not HTML",
      );
      expect(
        index.headers.get("cache-control") === "no-cache",
        `index.html Cache-Control: ${index.headers.get("cache-control")}`,
      );
      const csp = index.headers.get("content-security-policy") || "";
      expect(
        csp.includes("default-src 'self'") &&
          csp.includes("frame-ancestors 'none'"),
        `CSP: ${csp}`,
      );
      const html = await index.text();
      const asset = /src="(\/assets\/[^"]+\.js)"/.exec(html);
      expect(asset, "index.html names no script under /assets/");
      const js = await fetch(base + asset[1]);
      expect(js.status === 200, `asset answered ${js.status}`);
      expect(
        js.headers.get("cache-control") ===
          "public, max-age=31536000, immutable",
        `asset Cache-Control: ${js.headers.get("cache-control")}`,
      );
      expect(
        (js.headers.get("content-type") || "").startsWith("text/javascript"),
        `asset type ${js.headers.get("content-type")}`,
      );
      // Sent precompressed, as the browser accepts: Brotli, else gzip, else as it is.
      const raw = (p, enc) =>
        new Promise((resolve, reject) => {
          const req = http.get(
            {
              host: "127.0.0.1",
              port,
              path: p,
              headers: enc ? { "Accept-Encoding": enc } : {},
            },
            (res) => {
              const parts = [];
              res.on("data", (d) => parts.push(d));
              res.on("end", () =>
                resolve({ headers: res.headers, body: Buffer.concat(parts) }),
              );
            },
          );
          req.on("error", reject);
        });
      const plain = await raw(asset[1], null);
      expect(
        !plain.headers["content-encoding"] &&
          plain.headers.vary === "Accept-Encoding",
        `no Accept-Encoding: ${JSON.stringify(plain.headers)}`,
      );
      const br = await raw(asset[1], "gzip, deflate, br");
      expect(
        br.headers["content-encoding"] === "br" &&
          zlib.brotliDecompressSync(br.body).equals(plain.body) &&
          br.body.length < plain.body.length / 2,
        `br: ${br.headers["content-encoding"]}, ${br.body.length} of ${plain.body.length} bytes`,
      );
      const gz = await raw(asset[1], "gzip;q=1, br;q=0");
      expect(
        gz.headers["content-encoding"] === "gzip" &&
          zlib.gunzipSync(gz.body).equals(plain.body),
        `gzip: ${gz.headers["content-encoding"]}`,
      );
      const page0 = await raw("/tickets/b2c", "br");
      expect(
        page0.headers["content-encoding"] === "br" &&
          zlib
            .brotliDecompressSync(page0.body)
            .toString()
            .includes('name="description"'),
        "index.html is not sent compressed, or has no description",
      );
      const robots = await fetch(base + "/robots.txt");
      expect(
        robots.status === 200 &&
          (robots.headers.get("content-type") || "").startsWith("text/plain") &&
          (await robots.text()).includes("User-agent"),
        "/robots.txt is not a robots file",
      );
      const missing = await fetch(base + "/assets/missing-0000.js");
      expect(
        missing.status === 404,
        `a missing asset answered ${missing.status}`,
      );
      // fetch() would tidy these paths up: send them as they are.
      for (const raw of [
        "/../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/assets/..%2f..%2fsrc/main.c",
      ]) {
        const status = await rawStatus(raw);
        expect(status === 400, `${raw} answered ${status}, not 400`);
      }
      const head = await fetch(base + "/", { method: "HEAD" });
      expect(
        head.status === 200 && head.headers.get("cache-control") === "no-cache",
        `HEAD / answered ${head.status}`,
      );
      const api = await fetch(base + "/api/nope");
      expect(
        api.status === 404 &&
          (api.headers.get("content-type") || "").includes("json"),
        "an unknown API path is not a JSON 404",
      );
    },
    { independent: true },
  );

  await test("sign in as an agent: name and role in the header", async () => {
    await signIn("agent@demo.test", "Priya Nair", "Support agent");
  });

  // The dashboard's B2C numbers before the story's ticket, to see it arrive in the charts.
  const dashB2c = async () => {
    await page.goto(base + "/?kind=b2c");
    await page.getByTestId("created-today").waitFor();
    await page.getByTestId("table-status").waitFor({ state: "attached" });
    const num = async (id) =>
      Number((await page.getByTestId(id).textContent()).trim());
    const cells = async (id) =>
      page
        .getByTestId(id)
        .locator("tbody tr")
        .evaluateAll((trs) =>
          Object.fromEntries(
            trs.map((tr) => [
              tr.cells[0].textContent.trim(),
              Number(tr.cells[1].textContent),
            ]),
          ),
        );
    return {
      today: await num("created-today"),
      open: await num("open-total"),
      status: await cells("table-status"),
      categories: await cells("table-categories"),
    };
  };
  let before = null;
  await test("dashboard: quick actions, counts and charts from one call", async () => {
    await page
      .getByRole("link", { name: /New B2C ticket/ })
      .first()
      .waitFor();
    await page.getByRole("link", { name: /Overdue tickets/ }).waitFor();
    await page.getByTestId("open-total").waitFor();
    // The charts load and draw when they come into view.
    await page.getByTestId("chart-volume").scrollIntoViewIfNeeded();
    await page
      .getByTestId("chart-volume")
      .locator("svg.recharts-surface[role=application]")
      .first()
      .waitFor();
    await page.getByTestId("chart-status").scrollIntoViewIfNeeded();
    await page
      .getByTestId("chart-status")
      .locator("svg.recharts-surface[role=application]")
      .first()
      .waitFor();
    await page.getByTestId("chart-resolution").scrollIntoViewIfNeeded();
    await page
      .getByTestId("chart-resolution")
      .locator("svg.recharts-surface[role=application]")
      .first()
      .waitFor();
    await page.getByTestId("chart-categories").waitFor();
    await page.getByTestId("chart-agents").waitFor();
    before = await dashB2c();
  });

  // A real PNG (a tomato on a crate), made here so the test needs no fixture files.
  const photo = (() => {
    const w = 160,
      h = 120;
    const crcTable = Array.from({ length: 256 }, (_, n) => {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      return c >>> 0;
    });
    const crc = (buf) => {
      let c = 0xffffffff;
      for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
      return (c ^ 0xffffffff) >>> 0;
    };
    const chunk = (type, data) => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(data.length);
      const td = Buffer.concat([Buffer.from(type), data]);
      const c = Buffer.alloc(4);
      c.writeUInt32BE(crc(td));
      return Buffer.concat([len, td, c]);
    };
    const rows = [];
    for (let y = 0; y < h; y++) {
      const row = [0];
      for (let x = 0; x < w; x++) {
        const d = Math.hypot(x - 80, y - 62);
        if (d < 38) row.push(200 - d, 40 + d / 2, 30);
        else if (d < 42 && y < 40) row.push(60, 140, 50);
        else row.push(196 + (y % 12), 160 + (y % 12), 110);
      }
      rows.push(Buffer.from(row));
    }
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(w, 0);
    ihdr.writeUInt32BE(h, 4);
    ihdr.set([8, 2, 0, 0, 0], 8);
    return {
      name: "crushed-tomatoes.png",
      mimeType: "image/png",
      buffer: Buffer.concat([
        Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
        chunk("IHDR", ihdr),
        chunk("IDAT", zlib.deflateSync(Buffer.concat(rows))),
        chunk("IEND", Buffer.alloc(0)),
      ]),
    };
  })();

  const late = kolkataDate(2);
  const fillB2cQuality = async (name) => {
    await page.goto(base + "/tickets/b2c/new");
    if (name) await page.getByLabel("Customer name").fill(name);
    await page.getByLabel("Customer phone").fill("+91 98450 11223");
    await page.getByLabel("WooCommerce order").fill("WC-60123");
    await page.getByLabel("Delivery date").fill(late);
    await page.getByLabel("Delivery time").fill("07:30");
    await page
      .getByTestId("policy-indicator")
      .filter({ hasText: "Outside policy window (2 days late)" })
      .waitFor();
    await page
      .getByLabel("Issue category")
      .selectOption({ label: "Damaged items" });
    await page.getByLabel("Priority").selectOption("high");
    await page
      .getByLabel("Description")
      .fill(
        "Half the tomatoes in the box were crushed; customer sent photos on WhatsApp.",
      );
  };

  await test("B2C form: every failing field is marked at once, by the form and by the server", async () => {
    await page.goto(base + "/tickets/b2c/new");
    await page.getByLabel("Customer phone").fill("+91 98450 11223");
    await page.getByRole("button", { name: "Create B2C ticket" }).click();
    // Required fields are checked before anything is sent: all of them at once.
    for (const label of [
      "Customer name",
      "WooCommerce order",
      "Delivery date",
      "Description",
    ]) {
      const field = page.locator(".field", {
        has: page.getByLabel(label),
      });
      await field
        .locator(".field-error")
        .filter({ hasText: "is required" })
        .waitFor();
      expect(
        (await page.getByLabel(label).getAttribute("aria-invalid")) === "true",
        `${label} is not marked invalid`,
      );
    }
    expect(
      (await page.getByLabel("Customer name").getAttribute("aria-required")) ===
        "true",
      "a required field does not say so to assistive technology",
    );
    // What only the server knows (formats) comes back for every field at once too.
    await fillB2cQuality("Neha Kapoor");
    await page.getByLabel("Customer phone").fill("12");
    await page.getByLabel("Customer email").fill("neha-at-example");
    await page.getByTestId("photo-input").setInputFiles(photo);
    await page.locator(".previews img").waitFor();
    await page.getByRole("button", { name: "Create B2C ticket" }).click();
    for (const label of ["Customer phone", "Customer email"])
      await page
        .locator(".field", { has: page.getByLabel(label) })
        .locator(".field-error")
        .waitFor();
    await page
      .locator(".banner", { hasText: "2 fields need attention" })
      .waitFor();
    expect(
      page.url().endsWith("/tickets/b2c/new"),
      "the form was left despite the errors",
    );
  });

  await test("B2C form: a missing required field is named next to the field", async () => {
    await fillB2cQuality(null);
    await page.getByTestId("photo-input").setInputFiles(photo);
    await page.locator(".previews img").waitFor();
    await page.getByRole("button", { name: "Create B2C ticket" }).click();
    const field = page.locator(".field", {
      has: page.getByLabel("Customer name"),
    });
    await field
      .locator(".field-error")
      .filter({ hasText: "Customer name is required" })
      .waitFor();
    expect(
      (await page.getByLabel("Customer name").getAttribute("aria-invalid")) ===
        "true",
      "the field is not marked invalid",
    );
    expect(
      page.url().endsWith("/tickets/b2c/new"),
      "the form was left despite the error",
    );
    await atWidths("form-b2c", null);
  });

  let ticketUrl = "";
  let number = "";
  await test("B2C quality ticket with a photo, for a delivery two days ago, is flagged 2 days late", async () => {
    await page.getByLabel("Customer name").fill("Neha Kapoor");
    await page.getByRole("button", { name: "Create B2C ticket" }).click();
    await page.waitForURL(/\/tickets\/b2c\/\d+$/);
    ticketUrl = page.url();
    await page
      .locator(".ticket-head .flag-late", {
        hasText: "Outside policy window (2 days late)",
      })
      .waitFor();
    await page.locator(".ticket-head [data-testid=sla]").waitFor();
    number = (await page.locator(".ticket-head .num").textContent()).trim();
    expect(/^B2C-\d{6}$/.test(number), `ticket number ${number}`);
    // The photo is in the gallery, and opens full size.
    await page.getByTestId("gallery-photo").first().waitFor();
    await page
      .getByRole("button", { name: /full size/ })
      .first()
      .click();
    await page.locator("dialog.lightbox[open] img").waitFor();
    await page.keyboard.press("Escape");
    await page.locator("dialog.lightbox[open]").waitFor({ state: "detached" });
    await page.goto(base + "/tickets/b2c?q=" + encodeURIComponent(number));
    const row = page.locator(
      `[data-testid="ticket-row"][data-number="${number}"]`,
    );
    await row.locator(".flag-late", { hasText: "2 days late" }).waitFor();
    await row.locator("[data-testid=sla]").waitFor();
  });

  await test("a quality ticket without a photo is refused, in the form and by the API", async () => {
    await fillB2cQuality("Neha Kapoor");
    await page.getByRole("button", { name: "Create B2C ticket" }).click();
    await page
      .getByTestId("photo-error")
      .filter({ hasText: "needs at least one photo" })
      .waitFor();
    expect(
      page.url().endsWith("/tickets/b2c/new"),
      "the form was left without a photo",
    );
    // The server refuses it too, naming the field.
    const r = await page.evaluate(async (deliveryDate) => {
      const res = await fetch("/api/tickets/b2c/create", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          customer_name: "Neha Kapoor",
          customer_phone: "+91 98450 11223",
          woo_order_number: "WC-60123",
          delivery_date: deliveryDate,
          category: "damaged_items",
          description: "Crushed tomatoes, no photo",
        }),
      });
      return { status: res.status, body: await res.json() };
    }, late);
    expect(
      r.status === 422 && r.body.error.field === "photos",
      `the API answered ${r.status} ${JSON.stringify(r.body)}`,
    );
  });

  await test("on a phone: description, then the actions, then the rest folded; the message at the actions", async () => {
    await page.setViewportSize({ width: 360, height: 780 });
    try {
      await page.goto(ticketUrl);
      await page.getByRole("button", { name: "Assign to me" }).waitFor();
      // The icon-only sign-out of a phone still has a name.
      await page.getByRole("button", { name: "Sign out" }).waitFor();
      const top = async (sel) =>
        (await page.locator(sel).first().boundingBox()).y;
      const desc = await top(".ticket-layout .c-desc");
      const actions = await top(".ticket-layout .actions");
      const firstFold = await top(".ticket-layout .fold");
      const head = await top(".ticket-head");
      expect(
        head < desc && desc < actions && actions < firstFold,
        `order on a phone: head ${head}, description ${desc}, actions ${actions}, first section ${firstFold}`,
      );
      // Every other section is folded, and opens on a tap.
      const folds = page.locator(".ticket-layout details.fold");
      const n = await folds.count();
      expect(n >= 5, `only ${n} folded sections`);
      expect(
        (await page.locator(".ticket-layout details.fold[open]").count()) === 0,
        "a section is open at first on a phone",
      );
      for (const title of [
        "Photos and files",
        "Communications",
        "Reply to the customer",
        "Timeline and comments",
      ])
        expect(
          (await folds
            .filter({ has: page.locator("summary", { hasText: title }) })
            .count()) === 1,
          `no folded "${title}" section`,
        );
      await page.locator("summary", { hasText: "Photos and files" }).click();
      await page.getByTestId("gallery-photo").first().waitFor();
      // The message of an action appears at the action, in view.
      await page.getByRole("button", { name: "Assign to me" }).click();
      const msg = page.locator(".actions").getByTestId("action-message");
      await msg.filter({ hasText: "Assigned to you" }).waitFor();
      const inView = await msg.evaluate((el) => {
        const r = el.getBoundingClientRect();
        return r.top >= 0 && r.bottom <= window.innerHeight;
      });
      expect(inView, "the success message is not where the user is looking");
      // A folded section is rendered when it is opened (and only then).
      expect(
        (await page.getByTestId("assignee").count()) === 0,
        "the folded People and dates section was rendered before it was opened",
      );
      await page.locator("summary", { hasText: "People and dates" }).click();
      await page
        .getByTestId("assignee")
        .filter({ hasText: "Priya Nair" })
        .waitFor();
    } finally {
      await page.setViewportSize({ width: 1280, height: 900 });
    }
  });

  await test("assign it to me", async () => {
    await page.goto(ticketUrl);
    await page
      .locator(".ticket-head .badge", { hasText: "Assigned" })
      .waitFor();
    await page
      .getByTestId("assignee")
      .filter({ hasText: "Priya Nair" })
      .waitFor();
  });

  await test("move it to in progress", async () => {
    await page.getByRole("button", { name: "Start work" }).click();
    await page
      .locator(".ticket-head .badge", { hasText: "In progress" })
      .waitFor();
    await page.locator(".timeline", { hasText: "to In progress" }).waitFor();
  });

  await test("comment on it (internal note)", async () => {
    await page
      .getByLabel("Add a comment")
      .fill("Called the customer; refund agreed for the crushed tomatoes.");
    await page.getByRole("button", { name: "Post comment" }).click();
    await page.locator(".tl-comment", { hasText: "refund agreed" }).waitFor();
  });

  await test("log a WhatsApp message with its screenshot: it reads as a sentence", async () => {
    const comms = page.getByTestId("communications");
    await comms.getByRole("button", { name: "Log a contact" }).click();
    const form = page.getByRole("form", { name: "Log a communication" });
    await form.getByLabel("Channel").selectOption("whatsapp");
    await form.getByLabel("Direction").selectOption("inbound");
    await form
      .getByLabel("Summary")
      .fill("Customer sent two more photos of the crushed box.");
    await form
      .getByTestId("photo-input")
      .setInputFiles({ ...photo, name: "whatsapp-box.png" });
    await form.getByRole("button", { name: "Save" }).click();
    await comms
      .getByTestId("comm-sentence")
      .filter({
        hasText: "Priya Nair logged a WhatsApp message from the customer",
      })
      .waitFor();
    await comms
      .getByTestId("comm-attachment")
      .filter({ hasText: "whatsapp-box.png" })
      .waitFor();
    await page
      .locator(".timeline", {
        hasText: "logged a WhatsApp message from the customer",
      })
      .waitFor();
  });

  await test("reply: a live preview with the placeholders filled; email without a mail server is flagged", async () => {
    const reply = page.locator("section", {
      has: page.getByRole("heading", { name: "Reply to the customer" }),
    });
    await reply.getByLabel("Channel").selectOption("email");
    await reply
      .getByLabel("Message")
      .fill(
        "Dear {{customer.name}}, about {{ticket.number}}: a refund is on its way.",
      );
    await reply
      .getByTestId("reply-preview")
      .filter({
        hasText: `Dear Neha Kapoor, about ${number}: a refund is on its way.`,
      })
      .waitFor();
    // The demo has no mail server: an email would only wait in the outbox.
    await reply.getByTestId("no-mail-server").waitFor();
    await reply.getByLabel("Channel").selectOption("whatsapp");
    await reply.getByTestId("no-mail-server").waitFor({ state: "detached" });
    await reply
      .getByTestId("reply-preview")
      .filter({ hasText: "WhatsApp" })
      .waitFor();
    await reply.getByLabel("Message").fill("");
    await reply.getByTestId("reply-preview").waitFor({ state: "detached" });
  });

  await test("home: My tickets opens my open tickets of every kind", async () => {
    await page.goto(base + "/");
    await page.getByTestId("qa-mine").click();
    await page.waitForURL(/\/tickets\?assigned_to=me&open=true$/);
    await page.getByTestId("list-total").waitFor();
    await page
      .locator(`[data-testid="ticket-row"][data-number="${number}"]`)
      .waitFor();
    const badges = await page
      .locator('[data-testid="ticket-row"] .badge')
      .allTextContents();
    expect(
      !badges.some((b) => /Closed|Resolved/.test(b)),
      `My tickets lists finished ones: ${badges.join(", ")}`,
    );
    const numbers = await page
      .locator('[data-testid="ticket-row"]')
      .evaluateAll((rows) => rows.map((r) => r.dataset.number));
    expect(
      numbers.some((n) => n.startsWith("B2B-")) &&
        numbers.some((n) => n.startsWith("B2C-")),
      `My tickets is not across kinds: ${numbers.join(", ")}`,
    );
    await page.goto(ticketUrl);
  });

  await test("resolve with a refund above the threshold: pending manager approval", async () => {
    const resolveForm = page.getByRole("form", { name: "Resolve" });
    // A required field's label ends "(required)": its name, with or without that.
    const named = (label) =>
      new RegExp(`^${label.replace(/[()]/g, "\\$&")}( \\(required\\))?$`);
    const marked = async (labels) => {
      for (const label of labels) {
        await resolveForm
          .locator(".field", { has: page.getByLabel(named(label)) })
          .locator(".field-error", { hasText: "is required" })
          .waitFor();
        expect(
          (await resolveForm
            .getByLabel(named(label))
            .getAttribute("aria-invalid")) === "true",
          `${label} is not marked invalid`,
        );
      }
    };
    // Every required field is marked at once, before anything is sent.
    await page.getByRole("button", { name: "Resolve ticket" }).click();
    await marked(["Resolution", "Resolution notes"]);
    await page
      .getByLabel(named("Resolution"))
      .selectOption({ label: "Refund" });
    await page.getByRole("button", { name: "Resolve ticket" }).click();
    await marked(["Amount (₹)", "Resolution notes"]);
    // What only the server knows comes back for every field at once too.
    const refused = await page.evaluate(async (url) => {
      const id = url.split("/").pop();
      const r = await fetch(`/api/tickets/b2c/${id}/resolve`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ resolution_type: "refund", currency: "rs" }),
      });
      return { status: r.status, body: await r.json() };
    }, ticketUrl);
    expect(
      refused.status === 422 &&
        refused.body.error.errors.map((e) => e.field).join() ===
          "notes,amount,currency",
      `the API answered ${refused.status} ${JSON.stringify(refused.body)}`,
    );
    await page.getByLabel("Amount (₹)").fill("2400");
    await page.getByLabel("Reference").fill("PG-REF-88231");
    await page
      .getByLabel("Resolution notes")
      .fill(
        "Refund of ₹2,400 for the crushed tomatoes through the payment gateway.",
      );
    await page.getByRole("button", { name: "Resolve ticket" }).click();
    await page
      .getByTestId("pending-approval")
      .filter({ hasText: "Pending manager approval" })
      .waitFor();
    await page
      .locator(".ticket-head .badge", { hasText: "In progress" })
      .waitFor();
    expect(
      (await page.getByRole("button", { name: "Resolve ticket" }).count()) ===
        0,
      "the resolve form is still offered while the approval is pending",
    );
    await atWidths("ticket", null);
  });

  await test("list of B2C tickets at 1280 and 360 px, with SLA and the overdue filter", async () => {
    await page.goto(
      base + "/tickets/b2c?overdue=false&sort=sla_due_at&order=asc",
    );
    await page
      .getByLabel("SLA", { exact: true })
      .waitFor({ state: "attached" });
    expect(
      (await page.getByLabel("SLA", { exact: true }).inputValue()) === "false",
      "the overdue filter is not taken from the URL",
    );
    await page
      .locator(`[data-testid="ticket-row"][data-number="${number}"]`)
      .waitFor();
    await atWidths("list", "/tickets/b2c");
  });

  await test(
    "sorted by SLA due time, tickets with no running clock are listed last, not left out",
    async () => {
      const all = await page.evaluate(async () => {
        const r = await fetch("/api/tickets/list?limit=200");
        return (await r.json()).items;
      });
      await page.goto(base + "/tickets?sort=sla_due_at&order=asc");
      await page.getByTestId("no-clock").waitFor();
      while (await page.getByRole("button", { name: /Load more/ }).count())
        await page.getByRole("button", { name: /Load more/ }).click();
      const shown = await page
        .locator('[data-testid="ticket-row"], [data-testid="no-clock"]')
        .evaluateAll((els) =>
          els.map((e) => e.dataset.number ?? "--divider--"),
        );
      const divider = shown.indexOf("--divider--");
      const rows = shown.filter((n) => n !== "--divider--");
      expect(
        rows.length === all.length && new Set(rows).size === all.length,
        `${rows.length} rows shown of ${all.length}`,
      );
      const due = Object.fromEntries(all.map((t) => [t.number, t.sla_due_at]));
      const before = shown.slice(0, divider);
      const after = shown.slice(divider + 1);
      expect(
        before.every((n) => due[n]) && after.every((n) => !due[n]),
        `running clocks before the divider, none after: ${shown.join(", ")}`,
      );
      expect(
        before.every((n, i) => i === 0 || due[before[i - 1]] <= due[n]),
        `not by SLA due time: ${before.join(", ")}`,
      );
      expect(
        (await page.getByTestId("list-total").textContent()).startsWith(
          `${all.length} tickets`,
        ),
        "the total leaves out the tickets with no running clock",
      );
    },
    { independent: true },
  );

  await test(
    "B2B: pick a customer, then its sales order; the order context comes along",
    async () => {
      await page.goto(base + "/tickets/b2b/new");
      await page.getByRole("combobox", { name: "Customer" }).fill("Grand");
      await page
        .getByRole("option", { name: /The Grand Maratha Hotel/ })
        .click();
      // The customer's recent orders are offered, then the batches of the one chosen.
      const so = page.getByLabel(/^Sales order/);
      await so
        .locator("option", { hasText: "SO-24-0811" })
        .waitFor({ state: "attached" });
      const offered = await so.locator("option").allTextContents();
      expect(
        offered.some((o) => o.startsWith("SO-24-0816")) &&
          offered.indexOf(offered.find((o) => o.startsWith("SO-24-0811"))) <
            offered.indexOf(offered.find((o) => o.startsWith("SO-24-0816"))),
        `recent orders offered: ${offered.join(" | ")}`,
      );
      await so.selectOption("SO-24-0816");
      await page.locator(".order-summary", { hasText: "SO-24-0816" }).waitFor();
      expect(
        (await page.getByLabel("Invoice").inputValue()) === "ZI-5006",
        "the order's only invoice was not chosen",
      );
      const batch = page.getByLabel("Batch number");
      await batch
        .locator("option", { hasText: "BT-2411-BA10 · Banana (Robusta)" })
        .waitFor({ state: "attached" });
      await batch.selectOption("BT-2411-BA10");
      expect(
        (await page.getByLabel("Delivery date").inputValue()) !== "",
        "the delivery date was not taken from the order",
      );
      await page
        .getByLabel("Issue category")
        .selectOption({ label: "Damaged items" });
      await page
        .getByLabel("Description")
        .fill("Six bananas in the dozen were black and split on arrival.");
      await page.getByTestId("photo-input").setInputFiles(photo);
      await page.getByRole("button", { name: "Create B2B ticket" }).click();
      const field = page.locator(".field", {
        has: page.getByLabel("Requested resolution"),
      });
      await field.locator(".field-error").waitFor();
      await page
        .getByLabel("Requested resolution")
        .selectOption({ label: "Credit note" });
      await page.getByRole("button", { name: "+ Banana (Robusta)" }).click();
      await atWidths("form-b2b", null);
      await page.getByRole("button", { name: "Create B2B ticket" }).click();
      await page.waitForURL(/\/tickets\/b2b\/\d+$/);
      await page
        .locator("table.lines tbody tr", { hasText: "Banana (Robusta)" })
        .waitFor();
      await page
        .getByTestId("batch-card")
        .filter({ hasText: "BT-2411-BA10" })
        .waitFor();
    },
    { independent: true },
  );

  await test("sign in as a manager: the bell, the approvals inbox, approve, and it is resolved", async () => {
    await signOut();
    await signIn("manager@demo.test", "Kavita Rao", "Manager");
    await page.getByTestId("bell-count").waitFor();
    await page.getByTestId("bell").click();
    await page.locator(".bell-item", { hasText: number }).first().waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("link", { name: "Approvals" }).click();
    const card = page.locator(
      `[data-testid="approval"][data-number="${number}"]`,
    );
    await card.filter({ hasText: "₹2,400" }).waitFor();
    // The late claim waits here too, for its exception.
    await page
      .locator(`[data-testid="late-claim"][data-number="${number}"]`)
      .filter({ hasText: "2 days late" })
      .waitFor();
    await atWidths("approvals", null);
    await card.getByRole("button", { name: "Approve" }).click();
    await page.locator(".banner", { hasText: `${number} approved` }).waitFor();
    // Decided, the request reads well and is done in every manager's bell.
    await page.reload();
    await page.getByTestId("bell").click();
    const asked = page.locator(".bell-item", {
      hasText: `Approval needed: Refund of ₹2,400.00 on ${number}`,
    });
    await asked.first().waitFor();
    expect(
      !(await asked.first().getAttribute("class")).includes("unread"),
      "the decided approval request is still unread",
    );
    await page.keyboard.press("Escape");
    await page.goto(ticketUrl);
    await page
      .locator(".ticket-head .badge", { hasText: "Resolved" })
      .waitFor();
    await page.locator(".resolution", { hasText: "Refund" }).waitFor();
    expect(
      (await page.getByTestId("pending-approval").count()) === 0,
      "still shown as pending",
    );
  });

  await test("the manager decides the late claim's exception", async () => {
    await page.getByLabel("Decision note").fill("Photos show transit damage.");
    await page.getByRole("button", { name: "Approve exception" }).click();
    await page
      .getByTestId("policy-exception")
      .filter({ hasText: "Exception approved" })
      .waitFor();
  });

  await test("a late claim's exception is decided from the approvals inbox", async () => {
    await page.getByRole("link", { name: "Approvals" }).click();
    const other = page
      .locator('[data-testid="late-claim"]')
      .filter({ hasNotText: number })
      .first();
    await other.waitFor();
    const theirs = await other.getAttribute("data-number");
    await other.getByRole("button", { name: "Approve exception" }).click();
    await other.locator(".field-error", { hasText: "Say why" }).waitFor();
    await other
      .getByLabel("Decision note")
      .fill("Regular customer; the courier was late.");
    await other.getByRole("button", { name: "Approve exception" }).click();
    await page
      .locator(".banner", { hasText: `${theirs}: exception approved` })
      .waitFor();
    await page
      .locator(`[data-testid="late-claim"][data-number="${theirs}"]`)
      .waitFor({ state: "detached" });
    const t = await page.evaluate(async (n) => {
      const r = await fetch(`/api/tickets/b2c/${n}`);
      return r.json();
    }, theirs);
    expect(
      t.policy_exception === "approved",
      `${theirs} exception: ${t.policy_exception}`,
    );
  });

  await test("the resolved ticket is in the manager's list", async () => {
    await page.getByRole("link", { name: "B2C" }).first().click();
    await page.getByLabel("Status").selectOption("resolved");
    await page.waitForURL(/status=resolved/);
    const row = page.locator(
      `[data-testid="ticket-row"][data-number="${number}"]`,
    );
    await row.locator(".badge", { hasText: "Resolved" }).waitFor();
    await row.locator(".flag-late").waitFor();
  });

  await test("the dashboard shows the new ticket in its charts", async () => {
    const after = await dashB2c();
    expect(
      after.today === before.today + 1,
      `created today ${before.today} -> ${after.today}`,
    );
    expect(
      (after.status["Resolved"] ?? 0) === (before.status["Resolved"] ?? 0) + 1,
      `resolved in the status chart ${JSON.stringify(before.status)} -> ${JSON.stringify(after.status)}`,
    );
    expect(
      (after.categories["Damaged items"] ?? 0) ===
        (before.categories["Damaged items"] ?? 0) + 1,
      `Damaged items in top categories ${JSON.stringify(before.categories)} -> ${JSON.stringify(after.categories)}`,
    );
    await page.goto(base + "/");
    // The charts load and draw when they come into view.
    await page.getByTestId("chart-volume").scrollIntoViewIfNeeded();
    await page
      .getByTestId("chart-volume")
      .locator("svg.recharts-surface[role=application]")
      .first()
      .waitFor();
    await atWidths("home", null);
    // Touch has no tooltips: the bars carry their numbers, on round ticks; the shortcuts
    // show their whole subtitles, in rows with no lone card.
    await page.getByTestId("chart-resolution").scrollIntoViewIfNeeded();
    const tick = page.locator(
      "[data-testid=chart-resolution] text.recharts-cartesian-axis-tick-value[orientation=left]",
    );
    await tick.first().waitFor();
    const ticks = await tick.allTextContents();
    expect(
      ticks.length > 1 && ticks.every((x) => /^\d+$/.test(x.trim())),
      `resolution ticks: ${ticks.join(", ")}`,
    );
    const barLabels = await page
      .locator("[data-testid=chart-resolution] text.recharts-label")
      .allTextContents();
    expect(
      barLabels.length > 0 && barLabels.every((x) => / h$/.test(x)),
      `resolution bars say ${barLabels.join(", ")}`,
    );
    const quick = await page.locator(".quick .qa").evaluateAll((els) => ({
      cut: els
        .map((e) => e.querySelector(".qa-text span"))
        .filter((x) => x && x.scrollWidth > x.clientWidth).length,
      rows: Object.values(
        els.reduce((m, e) => {
          const y = Math.round(e.getBoundingClientRect().top);
          m[y] = (m[y] ?? 0) + 1;
          return m;
        }, {}),
      ),
    }));
    expect(quick.cut === 0, `${quick.cut} shortcut subtitles are cut off`);
    expect(
      quick.rows.length === 1 || quick.rows.every((n) => n > 1),
      `shortcut rows: ${quick.rows.join(", ")}`,
    );
  });

  await test("home: each figure opens a list of as many tickets as it says, for every kind chosen", async () => {
    for (const kind of ["", "b2c", "b2b"]) {
      for (const [tile, figure] of [
        ["tile-overdue", "overdue-total"],
        ["tile-open", "open-total"],
        ["tile-today", "created-today"],
      ]) {
        await page.goto(base + "/" + (kind ? `?kind=${kind}` : ""));
        const n = Number((await page.getByTestId(figure).textContent()).trim());
        await page.getByTestId(tile).click();
        await page.waitForURL(/\/tickets\?/);
        if (kind)
          expect(
            page.url().includes(`kind=${kind}`),
            `${tile} lost the kind: ${page.url()}`,
          );
        const shown = (
          await page.getByTestId("list-total").textContent()
        ).trim();
        expect(
          Number(shown.split(" ")[0]) === n,
          `${kind || "all kinds"}: the ${figure} figure says ${n}, its list shows ${shown}`,
        );
      }
    }
    await atWidths(
      "list-across",
      "/tickets?open=true&overdue=true&sort=sla_due_at&order=asc",
    );
  });

  await test("settings for managers", async () => {
    await page.getByRole("link", { name: "Settings" }).click();
    await page.getByRole("heading", { name: "SLA resolution hours" }).waitFor();
    await page
      .getByRole("heading", { name: "Teams and availability" })
      .waitFor();
  });

  await test(
    "B2B ticket page with its order context",
    async () => {
      await page.goto(base + "/tickets/b2b");
      await page
        .locator('[data-testid="ticket-row"]')
        .first()
        .locator("a")
        .click();
      await page.locator("table.lines tbody tr").first().waitFor();
      await atWidths("ticket-b2b", null);
    },
    { independent: true },
  );

  // Traceability: the demo's batch BT-2411-AV07 (avocados) went to two hotels, and one of
  // them complained about it.
  const batchTicket = async () =>
    page.evaluate(async () => {
      const r = await fetch("/api/tickets/b2b/list?limit=200");
      const body = await r.json();
      return body.items.find((t) => t.batch_number === "BT-2411-AV07");
    });
  let farmTicket = null;
  await test(
    "batch investigation: from a complaint to the farm and the other hotels in two clicks",
    async () => {
      farmTicket = await batchTicket();
      expect(farmTicket, "no demo B2B ticket names batch BT-2411-AV07");
      await page.goto(base + `/tickets/b2b/${farmTicket.ticket_id}`);
      await page.getByTestId("batch-card").waitFor();
      await page.getByRole("link", { name: "Investigate batch" }).click();
      await page.waitForURL(/\/batches\/BT-2411-AV07$/);
      await page.getByTestId("investigation").waitFor();
      const customers = page.getByTestId("batch-customer");
      await customers.first().waitFor();
      const ids = await customers.evaluateAll((els) =>
        els.map((e) => e.dataset.customer),
      );
      expect(
        ids.length >= 2 && ids.includes("ZC-1001") && ids.includes("ZC-1003"),
        `customers of the batch: ${ids.join(", ")}`,
      );
      await page
        .getByTestId("batch-customer")
        .filter({ hasText: "The Grand Maratha Hotel" })
        .filter({ hasText: "SO-24-0816" })
        .waitFor();
      await page
        .locator(
          `[data-testid="trace-ticket"][data-number="${farmTicket.number}"]`,
        )
        .waitFor();
      await atWidths("investigation", null);
      await page.getByTestId("farm-link").click();
      await page.waitForURL(/\/farms\/V-30\d$/);
      await page.getByTestId("farm").waitFor();
    },
    { independent: true },
  );

  await test(
    "order context names the batch and farm of each delivered line",
    async () => {
      expect(farmTicket, "no batch ticket");
      await page.goto(base + `/tickets/b2b/${farmTicket.ticket_id}`);
      await page
        .locator("table.lines tbody tr", { hasText: "Avocado (Hass)" })
        .getByTestId("allocation")
        .filter({ hasText: "BT-2411-AV07" })
        .waitFor();
    },
    { independent: true },
  );

  await test(
    "root cause of the quality complaint, then a manager flags the farm",
    async () => {
      expect(farmTicket, "no batch ticket");
      await page.goto(base + `/tickets/b2b/${farmTicket.ticket_id}`);
      const form = page.getByRole("form", { name: "Root cause" });
      await form.getByLabel("What caused it").selectOption("farm");
      // Without the quantity the form says what is missing.
      await form.getByRole("button", { name: "Record root cause" }).click();
      await form
        .locator(".field-error", { hasText: "how much was lost" })
        .waitFor();
      await form.getByLabel(/Affected quantity/).fill("12");
      await form
        .getByLabel("Finding")
        .fill("Picked a week early; receiving graded them A.");
      await form.getByRole("button", { name: "Record root cause" }).click();
      await page
        .getByTestId("root-cause")
        .filter({ hasText: "Farm" })
        .waitFor();
      const flag = page.getByRole("form", { name: "Flag the farm" });
      await flag.getByRole("button", { name: "Flag farm" }).click();
      await flag.locator(".field-error", { hasText: "reason" }).waitFor();
      await flag
        .getByLabel("Reason for the flag")
        .fill("Avocados picked too early for the second week running.");
      await flag.getByRole("button", { name: "Flag farm" }).click();
      await flag.locator(".banner-success", { hasText: "flagged" }).waitFor();
      await atWidths("ticket-batch", null);
      await flag.getByRole("link", { name: "See the farm" }).click();
      await page
        .getByTestId("farm-flag")
        .filter({ hasText: "picked too early" })
        .waitFor();
      expect(
        Number(await page.getByTestId("farm-flags").textContent()) >= 1,
        "the farm's flag count did not grow",
      );
      await atWidths("farm", null);
    },
    { independent: true },
  );

  await test(
    "wastage from the dashboard: the confirmed loss is counted",
    async () => {
      await page.goto(base + "/");
      await page.getByRole("link", { name: /Wastage/ }).click();
      await page.getByTestId("wastage").waitFor();
      await page.getByTestId("wastage-farms").waitFor();
      const cost = await page.getByTestId("wastage-cost").textContent();
      expect(/[1-9]/.test(cost), `wastage cost ${cost}`);
      await atWidths("wastage", null);
    },
    { independent: true },
  );

  await test(
    "customer page: history, and a manager marks high standards",
    async () => {
      await page.goto(base + "/customers/ZC-1003");
      await page.getByTestId("customer").waitFor();
      await page.getByTestId("trace-ticket").first().waitFor();
      await page.getByLabel("Note").fill("Chef wants ready-to-eat avocados.");
      await page
        .getByRole("button", { name: "Mark as high standards" })
        .click();
      await page
        .getByTestId("customer-flags")
        .filter({ hasText: "High standards" })
        .waitFor();
      await atWidths("customer", null);
    },
    { independent: true },
  );

  await test(
    "settings: an admin adds a user, and a duplicate is refused readably",
    async () => {
      await signOut();
      await signIn("admin@demo.test", "Sanjay Kulkarni", "Admin");
      // The admin's home fits a phone: no sideways scroll, and the header is two rows (the
      // brand and the user on one, the navigation on the other).
      await page.getByTestId("open-total").waitFor();
      await atWidths("home-admin", null);
      await page.setViewportSize({ width: 360, height: 780 });
      const rows = await page.evaluate(() => {
        const box = (sel) =>
          document.querySelector(sel).getBoundingClientRect();
        return { brand: box(".brand"), who: box(".who"), nav: box(".nav") };
      });
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(
        rows.who.top < rows.brand.bottom && rows.nav.top >= rows.who.bottom - 1,
        `the header at 360 px is not two rows: ${JSON.stringify(rows)}`,
      );
      await page.getByRole("link", { name: "Settings" }).click();
      const form = page.getByRole("form", { name: "Add a user" });
      const fill = async () => {
        await form.getByLabel("Full name").fill("Rohit Menon");
        await form.getByLabel("Email address").fill("rohit@demo.test");
        await form.getByLabel("Role").selectOption("agent");
        await form.getByLabel("First password").fill("fresh-produce-1");
        await form.getByRole("button", { name: "Add user" }).click();
      };
      await fill();
      await form
        .locator(".banner-success", { hasText: "Rohit Menon" })
        .waitFor();
      await page
        .locator('[data-testid="user"][data-email="rohit@demo.test"]')
        .waitFor();
      await fill();
      await form.locator(".field-error, .banner-error").first().waitFor();
      await page.getByRole("heading", { name: "Repeat complainers" }).waitFor();
      // The SLA grid names its top column by the priorities (Urgent, Critical); business
      // hours and holidays are set here and kept.
      const sla = page.getByRole("form", { name: "SLA" });
      await sla
        .getByTestId("sla-grid")
        .getByRole("columnheader", { name: "Urgent or Critical" })
        .waitFor();
      await sla.getByLabel(/Count only business hours/).check();
      await sla.getByLabel("Saturday closes").fill("14:00");
      await sla.getByLabel("Holiday date").fill("2026-12-25");
      await sla.getByRole("button", { name: "Add holiday" }).click();
      await sla.getByRole("button", { name: "Save SLA settings" }).click();
      await sla
        .locator(".banner-success", { hasText: "SLA settings saved" })
        .waitFor();
      const kept = await page.evaluate(async () =>
        (await fetch("/api/settings/sla")).json(),
      );
      expect(
        kept.business_hours?.sat?.close === "14:00" &&
          kept.business_hours.sun === null &&
          kept.business_hours.mon?.open === "06:00" &&
          kept.holidays.includes("2026-12-25") &&
          kept.resolution_hours.internal.critical === 8,
        `the SLA setting kept ${JSON.stringify(kept)}`,
      );
      await page.reload();
      await page
        .getByTestId("holidays")
        .locator('[data-date="2026-12-25"]')
        .waitFor();
      expect(
        (await page.getByLabel("Saturday closes").inputValue()) === "14:00",
        "Saturday's hours were not shown back",
      );
      await page.setViewportSize({ width: 360, height: 780 });
      const clipped = await page
        .getByTestId("sla-grid")
        .evaluate((t) => t.scrollWidth - t.parentElement.clientWidth);
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(clipped <= 0, `the SLA grid is ${clipped} px too wide at 360 px`);
      await atWidths("settings", null);
    },
    { independent: true },
  );

  await test(
    "settings: an API token made read-only for B2C, its secret shown once, then revoked",
    async () => {
      await signOut();
      await signIn("admin@demo.test", "Sanjay Kulkarni", "Admin");
      await page.getByRole("link", { name: "Settings" }).click();
      const form = page.getByRole("form", { name: "Make an API token" });
      await form.getByLabel("Name").fill("Stock sync");
      await form.getByLabel("Access").selectOption("read");
      await form.getByLabel("B2B").uncheck();
      await form.getByLabel("Internal").uncheck();
      await form.getByRole("button", { name: "Make token" }).click();
      const secret = (
        await page.getByTestId("token-secret").innerText()
      ).trim();
      expect(secret.startsWith("tkd_"), `no secret shown: ${secret}`);
      const row = page.locator('[data-testid="token"][data-name="Stock sync"]');
      await row.waitFor();
      expect(
        /read only/.test(await row.innerText()) &&
          /B2C/.test(await row.innerText()) &&
          !(await row.innerText()).includes(secret),
        `the token's row: ${await row.innerText()}`,
      );
      const call = (method, url) =>
        page.evaluate(
          async ([m, u, tok]) =>
            (
              await fetch(u, {
                method: m,
                credentials: "omit",
                headers: {
                  Authorization: "Bearer " + tok,
                  "Content-Type": "application/json",
                },
                body: m === "GET" ? undefined : "{}",
              })
            ).status,
          [method, url, secret],
        );
      expect((await call("GET", "/api/tickets/b2c/list")) === 200, "b2c list");
      expect((await call("GET", "/api/tickets/b2b/list")) === 403, "b2b list");
      expect((await call("POST", "/api/tickets/b2c/create")) === 403, "a POST");
      await page.setViewportSize({ width: 360, height: 780 });
      const wide = await page.evaluate(
        () => document.documentElement.scrollWidth - window.innerWidth,
      );
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(wide <= 0, `settings are ${wide} px too wide at 360 px`);
      page.once("dialog", (d) => d.accept());
      await row.getByRole("button", { name: /Revoke/ }).click();
      await row.getByText(/Revoked/).waitFor();
      expect((await call("GET", "/api/tickets/b2c/list")) === 401, "revoked");
    },
    { independent: true },
  );

  await test(
    "a developer plans a ticket into a release, publishes it, and the ticket is resolved",
    async () => {
      await signOut();
      await signIn("developer@demo.test", "Meera Joshi", "Developer");
      await page.getByTestId("internal-metrics").waitFor();
      await page.getByTestId("quick-lists").waitFor();
      await page
        .getByTestId("quick-lists")
        .getByRole("radio", { name: "Recent" })
        .check();
      await page
        .getByTestId("quick-lists")
        .locator(".mini-row")
        .first()
        .waitFor();
      await atWidths("home-developer", null);
      const open = await page.evaluate(async () => {
        const r = await fetch("/api/tickets/internal/list?limit=200");
        const body = await r.json();
        return body.items.find(
          (t) => !["resolved", "closed"].includes(t.status) && !t.release_id,
        );
      });
      expect(open, "no open internal ticket in the demo");
      await page.getByRole("link", { name: "Releases" }).click();
      await page.getByLabel("Version").fill("2024.12.1");
      await page
        .getByLabel("Release notes")
        .fill("Batch numbers on packing slips.");
      await page.getByRole("button", { name: "Create draft release" }).click();
      await page.locator(".banner-success", { hasText: "2024.12.1" }).waitFor();
      await page.goto(base + `/tickets/internal/${open.ticket_id}`);
      const plan = page.getByTestId("plan");
      const option = await plan
        .getByLabel("Release")
        .locator("option", { hasText: "2024.12.1" })
        .getAttribute("value");
      await plan.getByLabel("Release").selectOption(option);
      await plan.getByRole("button", { name: "Save release" }).click();
      await plan.filter({ hasText: "Ships in 2024.12.1" }).waitFor();
      await page.getByRole("link", { name: "Releases" }).first().click();
      await page
        .locator('[data-testid="release"][data-version="2024.12.1"]')
        .getByRole("button", { name: "Publish 2024.12.1" })
        .click();
      await page
        .locator(".banner-success", { hasText: "1 linked ticket resolved" })
        .waitFor();
      await atWidths("releases", null);
      await page.goto(base + `/tickets/internal/${open.ticket_id}`);
      await page
        .locator(".ticket-head .badge", { hasText: "Resolved" })
        .waitFor();
    },
    { independent: true },
  );

  await test(
    "internal tickets: screenshots shown, added and viewed; numbers found in any case",
    async () => {
      const t = await page.evaluate(async () => {
        const r = await fetch("/api/tickets/internal/list?limit=1");
        return (await r.json()).items[0];
      });
      expect(t, "no internal ticket");
      await page.goto(base + `/tickets/internal/${t.number.toLowerCase()}`);
      await page.locator(".ticket-head .num", { hasText: t.number }).waitFor();
      const gallery = page.getByTestId("gallery");
      await gallery
        .getByRole("heading", { name: "Screenshots and files" })
        .waitFor();
      await gallery
        .getByTestId("photo-input")
        .setInputFiles({ ...photo, name: "stock-report-error.png" });
      await gallery.getByRole("button", { name: "Upload 1 file" }).click();
      await gallery.getByTestId("gallery-photo").first().waitFor();
      await gallery
        .getByRole("button", { name: /stock-report-error\.png full size/ })
        .click();
      await page.locator("dialog.lightbox[open] img").waitFor();
      await page.keyboard.press("Escape");
      await atWidths("ticket-internal", null);
      await page.goto(base + "/tickets/internal/int-099999");
      await page
        .locator(".banner", { hasText: "No internal ticket INT-099999" })
        .waitFor();
    },
    { independent: true },
  );

  await test(
    "an internal ticket is filed with its screenshot from the form",
    async () => {
      await page.goto(base + "/tickets/internal/new");
      await page.getByLabel(/^Title/).fill("Packing slip has no batch numbers");
      await page
        .getByLabel("Issue category")
        .selectOption({ label: "Feature request" });
      await page
        .getByLabel(/^Description/)
        .fill("The slip should name the batch of each line, for recalls.");
      await page
        .getByTestId("photo-input")
        .setInputFiles({ ...photo, name: "packing-slip.png" });
      await page.locator(".previews img").waitFor();
      await page
        .getByRole("button", { name: "Create internal ticket" })
        .click();
      await page.waitForURL(/\/tickets\/internal\/\d+$/);
      await page
        .getByTestId("action-message")
        .filter({ hasText: "created." })
        .waitFor();
      await page
        .getByRole("button", { name: /packing-slip\.png full size/ })
        .waitFor();
    },
    { independent: true },
  );

  // axe-core, evaluated in the page (as a DevTools snippet would be, so the page's CSP does
  // not apply to it): no critical or serious violation on the main pages at either width.
  await test(
    "accessibility: no critical or serious axe-core violation, no skipped heading, at 1280 and 360 px",
    async () => {
      const axeSource = readFileSync(
        require.resolve("axe-core/axe.min.js"),
        "utf8",
      );
      const audit = async (label) => {
        await page.waitForLoadState("networkidle").catch(() => {});
        await page.evaluate(axeSource);
        const found = await page.evaluate(async () => {
          const r = await window.axe.run(document, {
            resultTypes: ["violations"],
          });
          return r.violations
            .filter(
              (v) =>
                v.impact === "critical" ||
                v.impact === "serious" ||
                v.id === "heading-order",
            )
            .map(
              (v) =>
                `${v.id} (${v.impact}) at ${v.nodes
                  .slice(0, 2)
                  .map((n) => n.target.join(" "))
                  .join(", ")}`,
            );
        });
        return found.map((f) => `${label}: ${f}`);
      };
      const problems = [];
      await signOut();
      for (const w of [1280, 360]) {
        await page.setViewportSize({ width: w, height: w === 360 ? 780 : 900 });
        await page.goto(base + "/");
        await page
          .getByRole("heading", { name: "Sign in to ticketd" })
          .waitFor();
        problems.push(...(await audit(`sign-in at ${w}`)));
      }
      await page.setViewportSize({ width: 1280, height: 900 });
      await signIn("manager@demo.test", "Kavita Rao", "Manager");
      const b2bTicket = await page.evaluate(
        async () =>
          (await (await fetch("/api/tickets/b2b/list?limit=1")).json()).items[0]
            .ticket_id,
      );
      const pages = [
        ["home", "/", "open-total"],
        ["list", "/tickets?open=true", "list-total"],
        ["ticket", new URL(ticketUrl).pathname, "ticket-number"],
        ["B2B ticket", `/tickets/b2b/${b2bTicket}`, "ticket-number"],
        ["approvals", "/approvals", null],
        ["settings", "/settings", "sla-grid"],
        ["wastage", "/wastage", "wastage"],
        ["whatsapp", "/whatsapp", null],
        ["empty wastage", "/wastage?from=2020-01-01&to=2020-01-31", null],
        ["incidents", "/incidents", null],
      ];
      for (const w of [1280, 360]) {
        await page.setViewportSize({ width: w, height: w === 360 ? 780 : 900 });
        for (const [name, url, ready] of pages) {
          await page.goto(base + url);
          if (ready)
            await page
              .getByTestId(ready)
              .first()
              .waitFor({ state: "attached" });
          // On a phone a ticket's sections are folded, and rendered when opened: open them
          // all, so that what they hold is audited too.
          const folds = page.locator("details.fold");
          for (let i = 0; i < (await folds.count()); i++)
            if ((await folds.nth(i).getAttribute("open")) === null)
              await folds.nth(i).locator("summary").first().click();
          problems.push(...(await audit(`${name} at ${w}`)));
        }
      }
      await page.setViewportSize({ width: 1280, height: 900 });
      expect(problems.length === 0, problems.slice(0, 6).join(" | "));
    },
    { independent: true },
  );

  await test(
    "home: nothing moves as the figures, charts and lists arrive (layout shift under 0.1)",
    async () => {
      await page.addInitScript(() => {
        window.__shift = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries())
            if (!e.hadRecentInput) window.__shift += e.value;
        }).observe({ type: "layout-shift", buffered: true });
      });
      for (const w of [1280, 360]) {
        await page.setViewportSize({ width: w, height: w === 360 ? 780 : 900 });
        await page.goto(base + "/");
        await page
          .getByTestId("quick-lists")
          .locator(".mini-row, p")
          .first()
          .waitFor();
        await page.waitForLoadState("networkidle");
        const shift = await page.evaluate(() => window.__shift);
        expect(shift < 0.1, `layout shift ${shift.toFixed(3)} at ${w} px`);
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    },
    { independent: true },
  );

  await test(
    "ticket pages: nothing moves as the ticket and its sections arrive (layout shift under 0.1), at 1280 and 360 px",
    async () => {
      await page.addInitScript(() => {
        window.__ticketShift = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries())
            if (!e.hadRecentInput) window.__ticketShift += e.value;
        }).observe({ type: "layout-shift", buffered: true });
      });
      const b2b = await page.evaluate(
        async () =>
          (await (await fetch("/api/tickets/b2b/list?limit=1")).json()).items[0]
            .ticket_id,
      );
      const urls = [new URL(ticketUrl).pathname, `/tickets/b2b/${b2b}`];
      for (const w of [1280, 360]) {
        await page.setViewportSize({ width: w, height: w === 360 ? 780 : 900 });
        for (const url of urls) {
          await page.goto(base + url);
          await page.getByTestId("ticket-number").waitFor();
          await page.waitForLoadState("networkidle");
          // On a desk every section is open; on a phone they are folded.
          const open = await page.locator("details.fold[open]").count();
          const all = await page.locator("details.fold").count();
          expect(
            w === 360 ? open === 0 : open === all && all > 0,
            `${open} of ${all} sections open at ${w} px`,
          );
          const shift = await page.evaluate(() => window.__ticketShift);
          expect(
            shift < 0.1,
            `layout shift ${shift.toFixed(3)} on ${url} at ${w} px`,
          );
        }
      }
      await page.setViewportSize({ width: 1280, height: 900 });
    },
    { independent: true },
  );

  await test(
    "integrations: WooCommerce set and tested, an order fills a B2C ticket, its store credit is posted",
    async () => {
      // The Zoho Books and WooCommerce stand-ins of the API tests, in a process of their own.
      const standins = spawn(
        "python3",
        [path.join(root, "tests/api/standin_serve.py")],
        {
          stdio: ["pipe", "pipe", "inherit"],
        },
      );
      try {
        const first = await new Promise((resolve, reject) => {
          let buf = "";
          standins.stdout.on("data", (d) => {
            buf += d;
            if (buf.includes("\n")) resolve(JSON.parse(buf.split("\n")[0]));
          });
          standins.on("exit", () =>
            reject(new Error("the stand-ins did not start")),
          );
        });
        const woo = first.woocommerce;
        await page.goto(base + "/");
        await page
          .getByTestId("user-name")
          .or(page.getByLabel("Email"))
          .first()
          .waitFor();
        if (await page.getByRole("button", { name: "Sign out" }).count())
          await signOut();
        await signIn("admin@demo.test", "Sanjay Kulkarni", "Admin");
        await page.goto(base + "/settings");
        const form = page.getByTestId("integration-woocommerce");
        await form.getByLabel("Store URL").fill(woo.store_url);
        await form.getByLabel("Consumer key").fill(woo.consumer_key);
        await form.getByLabel("Consumer secret").fill(woo.consumer_secret);
        await form.getByLabel(/On: post decided resolutions/).check();
        await form.getByRole("button", { name: "Save" }).click();
        await form
          .locator(".banner-success", { hasText: "WooCommerce saved" })
          .waitFor();
        await form.getByRole("button", { name: "Test connection" }).click();
        await page
          .getByTestId("test-result-woocommerce")
          .filter({ hasText: "Connected to WooCommerce" })
          .waitFor();
        const served = await page.evaluate(async () =>
          (await fetch("/api/settings/integrations/woocommerce")).text(),
        );
        expect(
          !served.includes(woo.consumer_secret) &&
            !served.includes(woo.consumer_key),
          "a WooCommerce secret was served back",
        );
        await atWidths("settings-integrations", null);

        // An unknown order is said; the real one fills the form.
        await page.goto(base + "/tickets/b2c/new");
        await page.getByLabel("WooCommerce order").fill("999999");
        await page
          .getByRole("button", { name: "Fetch from WooCommerce" })
          .click();
        await page
          .locator(".banner-error", { hasText: "no order 999999" })
          .waitFor();
        await page.getByLabel("WooCommerce order").fill(String(first.order.id));
        await page
          .getByRole("button", { name: "Fetch from WooCommerce" })
          .click();
        await page
          .locator(".banner-success", { hasText: "details filled" })
          .waitFor();
        expect(
          (await page.getByLabel("Customer name").inputValue()) ===
            "Meera Pillai" &&
            (await page.getByLabel("Customer email").inputValue()) ===
              "meera@example.com" &&
            (await page.getByLabel("Delivery time").inputValue()) === "07:30",
          "the order did not fill the customer and the delivery time",
        );
        await page
          .getByLabel("Issue category")
          .selectOption({ label: "Missing items" });
        await page.getByLabel("Description").fill("One mango box never came.");
        await page.getByRole("button", { name: "Create B2C ticket" }).click();
        await page.getByText(/B2C-\d+ created/).waitFor();
        const id = page.url().split("/").pop();
        // Resolved with store credit (an admin's needs no approval); the jobs thread posts it.
        const status = await page.evaluate(async (id) => {
          const call = (p, b) =>
            fetch(`/api/tickets/b2c/${id}/${p}`, {
              method: "POST",
              headers: { "Content-Type": "application/json" },
              body: JSON.stringify(b),
            });
          const me = await (await fetch("/api/me")).json();
          await call("assign", { assigned_to: me.user_id });
          await call("update", { status: "in_progress" });
          const r = await call("resolve", {
            resolution_type: "store_credit",
            amount: 150,
            notes: "Coupon for the missing box",
          });
          return r.status;
        }, id);
        expect(status === 200, `resolve answered ${status}`);
        for (let i = 0; i < 60; i++) {
          await page.reload();
          await page.getByTestId("postings").waitFor();
          if (
            await page
              .getByTestId("posting")
              .and(page.locator('[data-state="posted"]'))
              .count()
          )
            break;
          await sleep(500);
        }
        await page
          .getByTestId("posting")
          .and(page.locator('[data-state="posted"]'))
          .filter({ hasText: /tkt-b2c-\d+-credit/ })
          .waitFor();
        await atWidths("ticket-postings", null);
      } finally {
        standins.stdin.end();
        standins.kill();
      }
    },
    { independent: true },
  );

  await test(
    "issue 18: a saved view, the CSV export of the list as filtered, the incidents page, links on the ticket",
    async () => {
      await page.goto(base + "/tickets/b2c?open=true");
      await page.getByTestId("list-total").waitFor({ state: "attached" });
      await page.getByRole("button", { name: "Save view" }).click();
      await page.getByLabel("Name", { exact: true }).fill("Open B2C (e2e)");
      await page.getByRole("button", { name: "Save", exact: true }).click();
      await page
        .getByLabel("Saved views")
        .locator("option", { hasText: "Open B2C (e2e)" })
        .waitFor({ state: "attached" });
      const href = await page
        .getByRole("link", { name: "Export CSV" })
        .getAttribute("href");
      expect(
        href === "/api/tickets/b2c/export.csv?open=true",
        `the export link is ${href}`,
      );
      const csv = await page.evaluate(async (u) => {
        const r = await fetch(u);
        return { type: r.headers.get("content-type"), text: await r.text() };
      }, href);
      expect(
        csv.type.startsWith("text/csv") &&
          csv.text.startsWith("number,kind,status"),
        `the export is not CSV: ${csv.type} ${csv.text.slice(0, 40)}`,
      );
      await page.goto(base + "/incidents");
      await page.getByRole("heading", { name: "Quality incidents" }).waitFor();
      await atWidths("incidents", "/incidents");
      await page.goto(ticketUrl);
      await page.getByRole("heading", { name: "Links" }).waitFor();
      await atWidths("ticket-links", new URL(ticketUrl).pathname);
    },
    { independent: true },
  );

  await test(
    "WhatsApp: a signed message shows in the inbox on a phone and becomes a ticket in one step",
    async () => {
      const { createHmac } = await import("node:crypto");
      await page.goto(base + "/");
      const who = page.getByTestId("user-name");
      await who
        .or(page.getByRole("heading", { name: "Sign in to ticketd" }))
        .first()
        .waitFor();
      if (await who.isVisible()) await signOut();
      await signIn("admin@demo.test", "Sanjay Kulkarni", "Admin");
      // Off (nothing is sent), but with the app secret the webhook's signature is checked with.
      const secret = "e2e-app-secret";
      const put = await page.request.put(
        base + "/api/settings/integrations/whatsapp",
        { data: { enabled: false, app_secret: secret, verify_token: "e2e" } },
      );
      expect(put.ok(), `settings: ${put.status()} ${await put.text()}`);
      const now = Math.floor(Date.now() / 1000);
      const raw = JSON.stringify({
        object: "whatsapp_business_account",
        entry: [
          {
            id: "WABA",
            changes: [
              {
                field: "messages",
                value: {
                  messaging_product: "whatsapp",
                  contacts: [
                    { profile: { name: "Rohit Menon" }, wa_id: "919900112233" },
                  ],
                  messages: [
                    {
                      from: "919900112233",
                      id: "wamid.E2E1",
                      timestamp: String(now),
                      type: "text",
                      text: { body: "The mangoes arrived bruised" },
                    },
                  ],
                },
              },
            ],
          },
        ],
      });
      const sig =
        "sha256=" + createHmac("sha256", secret).update(raw).digest("hex");
      const hook = await page.request.post(base + "/api/whatsapp/webhook", {
        headers: {
          "Content-Type": "application/json",
          "X-Hub-Signature-256": sig,
        },
        data: raw,
      });
      expect(
        hook.status() === 200,
        `webhook: ${hook.status()} ${await hook.text()}`,
      );
      // The jobs thread files it within a few seconds.
      let items = [];
      for (let i = 0; i < 100 && !items.length; i++) {
        const r = await page.request.get(base + "/api/whatsapp/conversations");
        items = (await r.json()).items.filter(
          (c) => c.phone === "919900112233",
        );
        if (!items.length) await sleep(200);
      }
      expect(items.length === 1, "the message never reached the inbox");
      await page.goto(base + "/whatsapp");
      await page
        .getByTestId("wa-conversation")
        .filter({ hasText: "Rohit Menon" })
        .click();
      await page
        .getByTestId("wa-message")
        .filter({ hasText: "mangoes arrived bruised" })
        .waitFor();
      await atWidths("whatsapp-inbox", null);
      await page.getByLabel("WooCommerce order").fill("WC-7001");
      await page.getByLabel("Delivered on").fill(kolkataDate(0));
      await page.getByLabel("Category").selectOption("damaged_items");
      await page.getByTestId("wa-create").click();
      // A damaged-items claim needs a photo: the server says so, readably, and nothing is made.
      await page.getByText(/needs at least one photo/).waitFor();
      await page.getByLabel("Category").selectOption("track_order");
      await page.getByTestId("wa-create").click();
      await page.waitForURL(/\/tickets\/b2c\/\d+$/);
      await page.getByText("The mangoes arrived bruised").first().waitFor();
    },
    { independent: true },
  );

  // --- The customer portal (issue 16), on a phone (360 px), in a page of its own: the
  // staff sign-in of this browser is no portal sign-in, and the portal's cookie is its own.
  const portal = {};
  const png = (seed) => {
    // A real 8x8 PNG (what a phone's camera gives is checked by content, not by name).
    const rows = Buffer.alloc(8 * (1 + 8 * 3));
    for (let y = 0; y < 8; y++)
      for (let x = 0; x < 8; x++)
        rows[y * 25 + 1 + x * 3] = (x * 30 + seed) % 256;
    const crcTable = Array.from({ length: 256 }, (_, n) => {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      return c >>> 0;
    });
    const crc = (buf) => {
      let c = 0xffffffff;
      for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
      return (c ^ 0xffffffff) >>> 0;
    };
    const chunk = (type, data) => {
      const len = Buffer.alloc(4);
      len.writeUInt32BE(data.length);
      const td = Buffer.concat([Buffer.from(type), data]);
      const c = Buffer.alloc(4);
      c.writeUInt32BE(crc(td));
      return Buffer.concat([len, td, c]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(8, 0);
    ihdr.writeUInt32BE(8, 4);
    ihdr.set([8, 2, 0, 0, 0], 8);
    return Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      chunk("IHDR", ihdr),
      chunk("IDAT", zlib.deflateSync(rows)),
      chunk("IEND", Buffer.alloc(0)),
    ]);
  };
  // Staff set things up through the API as the admin this browser is signed in as.
  const staffApi = async (method, p, data) => {
    const r = await page.request.fetch(base + p, { method, data });
    expect(r.ok(), `${method} ${p}: ${r.status()} ${await r.text()}`);
    return r.json();
  };
  const homeCustomer = async (id, deliveredDaysAgo) => {
    await staffApi("PUT", "/api/records/customers", [
      {
        customer_id: id,
        name: `Meera ${id}`,
        type: "home",
        phone: "+91 98450 1" + id.slice(-4).padStart(4, "0"),
        email: `${id.toLowerCase()}@home.example`,
      },
    ]);
    await staffApi("PUT", "/api/records/orders", [
      {
        so_id: `WC-${id}`,
        customer_id: id,
        order_date: kolkataDate(deliveredDaysAgo),
        delivery_date: kolkataDate(deliveredDaysAgo),
        lines: [
          {
            line_no: 1,
            item: "Strawberries",
            unit: "punnet",
            ordered_qty: 2,
            delivered_qty: 2,
            price: 180,
          },
          {
            line_no: 2,
            item: "Alphonso mango",
            unit: "dozen",
            ordered_qty: 1,
            delivered_qty: 1,
            price: 900,
          },
        ],
      },
    ]);
    return { id, so: `WC-${id}`, email: `${id.toLowerCase()}@home.example` };
  };
  const pp = await context.newPage();
  pp.on("pageerror", (e) => problems.push(String(e)));
  pp.on("console", (m) => {
    if (m.type() === "error" && !m.text().startsWith("Failed to load resource"))
      problems.push(m.text());
  });
  await pp.setViewportSize({ width: 360, height: 780 });
  const noSideways = async (what) => {
    const overflow = await pp.evaluate(
      () =>
        document.documentElement.scrollWidth -
        document.documentElement.clientWidth,
    );
    expect(
      overflow <= 0,
      `${what} scrolls sideways at 360 px (${overflow} px too wide)`,
    );
  };
  // axe-core in the portal's page, as the staff pages' accessibility test runs it.
  const axePortal = async (label) => {
    await pp.waitForLoadState("networkidle").catch(() => {});
    await pp.evaluate(
      readFileSync(require.resolve("axe-core/axe.min.js"), "utf8"),
    );
    const found = await pp.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ["violations"] });
      return r.violations
        .filter(
          (v) =>
            v.impact === "critical" ||
            v.impact === "serious" ||
            v.id === "heading-order",
        )
        .map(
          (v) =>
            `${v.id} (${v.impact}) at ${v.nodes
              .slice(0, 2)
              .map((n) => n.target.join(" "))
              .join(", ")}`,
        );
    });
    expect(found.length === 0, `${label}: ${found.join("; ")}`);
  };
  const portalLink = async (customer, contact) => {
    const link = await staffApi(
      "POST",
      `/api/customers/${customer}/portal-link`,
      contact ? { contact_id: contact } : {},
    );
    return base + link.url;
  };
  const portalSignOut = async () => {
    await pp.getByRole("button", { name: "Sign out" }).click();
    await pp
      .getByRole("heading", { name: "Report a problem with a delivery" })
      .waitFor();
  };

  await test("portal: a home customer files a claim with two photos from a link (360 px)", async () => {
    // The portal is its own entry: no staff app script on its page.
    const html = await (await fetch(base + "/portal/")).text();
    expect(
      html.includes("Customer care") && !/assets\/main-/.test(html),
      "the portal page is not its own entry",
    );
    portal.home = await homeCustomer("PH0001", 0);
    await pp.goto(await portalLink(portal.home.id));
    await pp.getByRole("heading", { name: /^Hello, Meera/ }).waitFor();
    const d = pp.getByTestId("delivery").filter({ hasText: portal.home.so });
    await d
      .getByText("You can report this delivery until midnight today.")
      .waitFor();
    await noSideways("the deliveries");
    await axePortal("the deliveries");
    await shotPortal("portal-deliveries-360.png");
    await d.getByRole("link", { name: "Report a problem" }).click();
    await pp.getByLabel("What went wrong?").selectOption("damaged_items");
    await pp.getByLabel("Strawberries").check();
    await pp
      .getByLabel("Tell us what happened")
      .fill("Two punnets were crushed at the bottom of the box.");
    // A damaged-items claim without photos: refused beside the photo field before it is sent.
    await pp.getByRole("button", { name: /^Send/ }).click();
    await pp.getByText(/needs at least one photo/i).waitFor();
    await pp.locator('input[name="photos"]').setInputFiles([
      { name: "crate-1.png", mimeType: "image/png", buffer: png(1) },
      { name: "crate-2.png", mimeType: "image/png", buffer: png(2) },
    ]);
    await pp.getByRole("img", { name: "Photo 2" }).waitFor();
    await noSideways("the claim form");
    await axePortal("the claim form");
    await shotPortal("portal-claim-360.png");
    await pp.getByRole("button", { name: "Send with 2 photos" }).click();
    await pp.getByRole("heading", { name: "Thank you, we have it" }).waitFor();
    portal.number = (
      await pp.getByTestId("claim-done").locator("strong").textContent()
    ).trim();
    await pp.getByRole("button", { name: "See your request" }).click();
    await pp.getByTestId("ticket").waitFor();
    const photos = await pp
      .getByRole("list", { name: "Photos" })
      .getByRole("img")
      .count();
    expect(photos === 2, `the request shows ${photos} photos, not 2`);
    // Staff see the claim with its two photos.
    const t = await staffApi("GET", `/api/tickets/b2c/${portal.number}`);
    expect(
      t.photo_count === 2 && t.customer_id === portal.home.id,
      `staff see ${t.photo_count} photos`,
    );
    await pp
      .getByLabel("Write to us")
      .fill("The mangoes were fine, thank you.");
    await pp.getByRole("button", { name: "Send", exact: true }).click();
    await pp
      .getByTestId("reply")
      .filter({ hasText: "The mangoes were fine" })
      .waitFor();
    await noSideways("the request");
    await axePortal("the request");
    await shotPortal("portal-ticket-360.png");
  });

  await test("portal: a code sign-in, the code read from the mail the server sent", async () => {
    const { spawn: spawnChild } = await import("node:child_process");
    const { readdirSync } = await import("node:fs");
    const free = () =>
      new Promise((resolve) => {
        const s = net.createServer();
        s.listen(0, "127.0.0.1", () => {
          const p = s.address().port;
          s.close(() => resolve(p));
        });
      });
    const maildir = path.join(tmp, "mail");
    let smtpPort = 0;
    for (let tries = 0; tries < 5 && !smtpPort; tries++) {
      const p = await free();
      const child = spawnChild(
        "/usr/bin/aiosmtpd",
        [
          "-n",
          "-l",
          `127.0.0.1:${p}`,
          "-c",
          "aiosmtpd.handlers.Mailbox",
          maildir,
        ],
        { stdio: "ignore" },
      );
      portal.smtp = child;
      for (let i = 0; i < 100; i++) {
        const up = await new Promise((resolve) => {
          const s = net.connect(p, "127.0.0.1", () => (s.end(), resolve(true)));
          s.on("error", () => resolve(false));
        });
        if (up) {
          smtpPort = p;
          break;
        }
        if (child.exitCode !== null) break;
        await sleep(100);
      }
    }
    expect(smtpPort, "aiosmtpd did not start");
    await staffApi("PUT", "/api/settings/smtp", {
      url: `smtp://127.0.0.1:${smtpPort}`,
      from: "care@demo.test",
    });
    await portalSignOut();
    await pp
      .getByLabel("Email or phone number")
      .fill(portal.home.email.toUpperCase());
    await pp.getByLabel("Order number").fill(portal.home.so.toLowerCase());
    await pp.getByRole("button", { name: "Send me a code" }).click();
    await pp.getByLabel("The 6-digit code").waitFor();
    await axePortal("the code entry");
    await shotPortal("portal-code-360.png");
    // The jobs thread sends the mail within seconds.
    let code = null;
    for (let i = 0; i < 150 && !code; i++) {
      const dir = path.join(maildir, "new");
      for (const f of existsSync(dir) ? readdirSync(dir) : []) {
        const text = readFileSync(path.join(dir, f), "utf8");
        if (text.includes(`To: ${portal.home.email}`))
          code = /\b(\d{6})\b/.exec(
            text.split("\n\n").slice(1).join("\n"),
          )?.[1];
      }
      if (!code) await sleep(200);
    }
    expect(code, "no sign-in code reached the mailbox");
    await pp.getByLabel("The 6-digit code").fill(code);
    await pp.getByRole("button", { name: "Sign in" }).click();
    await pp.getByRole("heading", { name: /^Hello, Meera/ }).waitFor();
    await pp.getByRole("link", { name: "My requests" }).click();
    await pp
      .getByTestId("ticket-row")
      .filter({ hasText: portal.number })
      .waitFor();
    await noSideways("my requests");
  });

  await test("portal: a late delivery's claim window in words", async () => {
    const late = await homeCustomer("PH0002", 2);
    await portalSignOut();
    await pp.goto(await portalLink(late.id));
    const w = pp
      .getByTestId("delivery")
      .filter({ hasText: late.so })
      .getByTestId("claim-window");
    await w.waitFor();
    const text = await w.textContent();
    expect(
      /This delivery is 2 days past the claim window.*we will look at it/.test(
        text,
      ),
      `the window reads "${text}"`,
    );
    await noSideways("a late delivery");
  });

  await test("portal: a hotel's contact sees the hotel's tickets and not another hotel's", async () => {
    for (const [id, name] of [
      ["PB0001", "Hotel Sea Breeze"],
      ["PB0002", "The Banyan Court"],
    ]) {
      await staffApi("PUT", "/api/records/customers", [
        {
          customer_id: id,
          name,
          type: "hotel",
          email: `${id.toLowerCase()}@hotel.example`,
        },
      ]);
      await staffApi("PUT", "/api/records/orders", [
        {
          so_id: `SO-${id}`,
          customer_id: id,
          order_date: kolkataDate(1),
          delivery_date: kolkataDate(0),
          lines: [
            {
              line_no: 1,
              item: "Tomato (hybrid)",
              unit: "kg",
              ordered_qty: 40,
              delivered_qty: 38,
              price: 32.5,
            },
          ],
        },
      ]);
    }
    const mk = (id) =>
      staffApi("POST", "/api/tickets/b2b/create", {
        customer_id: id,
        so_id: `SO-${id}`,
        category: "missing_items",
        priority: "high",
        description: `Two kilos short at ${id}.`,
        requested_resolution: "credit_note",
      });
    const mine = await mk("PB0001");
    const theirs = await mk("PB0002");
    // Staff add the chef on the customer's page.
    await page.goto(base + "/customers/PB0001");
    const card = page.getByTestId("portal-contacts");
    await card.getByLabel("Name").fill("Chef Arjun Rao");
    await card.getByLabel("Role").fill("head chef");
    await card.getByLabel("Email").fill("arjun@seabreeze.example");
    await card.getByLabel("Portal password").fill("sea-breeze-2026");
    await card.getByRole("button", { name: "Add contact" }).click();
    await card
      .getByTestId("portal-contact")
      .filter({ hasText: "Chef Arjun Rao" })
      .waitFor();
    await portalSignOut();
    await pp.getByRole("tab", { name: "Hotel or restaurant" }).click();
    await pp.getByLabel("Email").fill("arjun@seabreeze.example");
    await pp.getByLabel("Password").fill("sea-breeze-2026");
    await pp.getByRole("button", { name: "Sign in" }).click();
    await pp.getByRole("heading", { name: "Hello, Chef" }).waitFor();
    await pp.getByRole("link", { name: "My requests" }).click();
    await pp
      .getByTestId("ticket-row")
      .filter({ hasText: mine.number })
      .waitFor();
    const rows = await pp.getByTestId("ticket-row").allTextContents();
    expect(
      !rows.some((r) => r.includes(theirs.number)),
      `another hotel's ticket is listed: ${rows}`,
    );
    await pp.goto(base + `/portal/tickets/${theirs.number}`);
    await pp.getByText(`You have no ticket '${theirs.number}'`).waitFor();
    const api = await pp.request.get(
      base + `/api/portal/tickets/${theirs.number}`,
    );
    expect(
      api.status() === 404,
      `the API answered ${api.status()} for another hotel's ticket`,
    );
    await noSideways("a contact's requests");
  });

  await test("portal: a satisfaction rating reaches the dashboard", async () => {
    const n = portal.number;
    const me = await staffApi("GET", "/api/me");
    await staffApi("POST", `/api/tickets/b2c/${n}/assign`, {
      assigned_to: me.user_id,
    });
    await staffApi("POST", `/api/tickets/b2c/${n}/update`, {
      status: "in_progress",
    });
    await staffApi("POST", `/api/tickets/b2c/${n}/resolve`, {
      resolution_type: "refund",
      notes: "Refunded the strawberries",
      amount: 360,
    });
    await staffApi("POST", `/api/tickets/b2c/${n}/close`, {
      confirmation: "portal",
    });
    await portalSignOut();
    await pp.goto(await portalLink(portal.home.id));
    await pp.getByRole("heading", { name: /^Hello, Meera/ }).waitFor();
    await pp.goto(base + `/portal/tickets/${n}`);
    await pp.getByRole("heading", { name: "How did we do?" }).waitFor();
    await pp.getByTestId("rate-form").locator("label").nth(3).click();
    await pp
      .getByLabel("Anything to add? (optional)")
      .fill("Quick refund, thank you");
    await noSideways("the rating");
    await axePortal("the rating");
    await shotPortal("portal-rate-360.png");
    await pp.getByRole("button", { name: "Send my rating" }).click();
    await pp.getByText("Thank you! You rated us 4 of 5").waitFor();
    const tl = await staffApi("GET", `/api/tickets/b2c/${n}/timeline`);
    expect(
      tl.items.some((e) => e.type === "survey_answered" && e.new_value === "4"),
      "no rating on the timeline",
    );
    await page.goto(base + "/");
    const sat = page.getByTestId("satisfaction");
    await sat.getByTestId("satisfaction-average").waitFor();
    const avg = await sat.getByTestId("satisfaction-average").textContent();
    expect(/4\.0 of 5 from 1 rating/.test(avg), `the dashboard says "${avg}"`);
    const agents = await sat.getByTestId("satisfaction-agents").textContent();
    expect(agents.includes(me.name), `no agent row for ${me.name}: ${agents}`);
  });
  if (portal.smtp) portal.smtp.kill("SIGTERM");
  await pp.close();

  await test(
    "offline at 360 px: the app opens from its service worker; three tickets with photos captured offline are sent once each when back online",
    async () => {
      // The web app: its manifest and service worker, served as what they are.
      const man = await fetch(base + "/manifest.webmanifest");
      expect(
        man.ok &&
          man.headers.get("content-type") === "application/manifest+json",
        `manifest: ${man.status} ${man.headers.get("content-type")}`,
      );
      const icons = (await man.json()).icons;
      expect(
        icons.some((i) => i.sizes === "512x512") &&
          icons.some((i) => i.sizes === "192x192"),
        "manifest icons",
      );
      const sw = await fetch(base + "/sw.js");
      expect(
        sw.ok &&
          /^text\/javascript/.test(sw.headers.get("content-type")) &&
          sw.headers.get("cache-control") === "no-cache",
        `sw.js: ${sw.status} ${sw.headers.get("content-type")} ${sw.headers.get("cache-control")}`,
      );
      await page.setViewportSize({ width: 360, height: 780 });
      try {
        await page.goto(base + "/");
        await page.evaluate(() =>
          fetch("/api/auth/logout", { method: "POST" }).catch(() => null),
        );
        await signIn("agent@demo.test", "Priya Nair", "Support agent");
        await page.evaluate(() => navigator.serviceWorker.ready);
        if (!(await page.evaluate(() => !!navigator.serviceWorker.controller)))
          await page.reload();
        await page.waitForFunction(() => !!navigator.serviceWorker.controller);
        // Let the worker finish caching the shell (it also does after each page load).
        // And who is signed in and the forms' data (the worker fetches them as it starts).
        await page.waitForFunction(async () => {
          const files = await (await fetch("/precache.json")).json();
          const cache = await caches.open("ticketd-shell-v1");
          for (const f of files) if (!(await cache.match(f))) return false;
          const data = await caches.open("ticketd-data-v1");
          for (const f of ["/api/me", "/api/catalog"])
            if (!(await data.match(f))) return false;
          return true;
        });
        const totals = () =>
          page.evaluate(async () => {
            const out = {};
            for (const k of ["b2c", "internal"])
              out[k] = (
                await (await fetch(`/api/tickets/${k}/list?limit=1`)).json()
              ).total;
            return out;
          });
        const before = await totals();

        await context.setOffline(true);
        const b2cOffline = async (name, photos) => {
          await fillB2cQuality(name);
          await page
            .getByTestId("photo-input")
            .setInputFiles(
              photos.map((n) => ({ ...photo, name: `${name}-${n}.png` })),
            );
          await page.getByRole("button", { name: "Create B2C ticket" }).click();
          await page.waitForURL(/\/outbox$/);
          await page
            .locator("[data-testid=outbox-item]", { hasText: name })
            .waitFor();
        };
        await b2cOffline("Offline Anjali", [1, 2]);
        await b2cOffline("Offline Rohan", [1, 2]);
        // An internal ticket: its file follows the create, with a key of its own.
        await page.goto(base + "/tickets/internal/new");
        await page.getByLabel("Issue category").selectOption({ index: 1 });
        await page.getByLabel("Priority").selectOption("high");
        await page.getByLabel("Title").fill("Offline dock scanner crash");
        await page
          .getByLabel("Description")
          .fill("The dock scanner app crashed while the network was down.");
        await page
          .getByLabel("Steps to reproduce")
          .fill("Scan a crate offline.");
        await page.getByLabel("Expected behaviour").fill("The scan is kept.");
        await page.getByLabel("Actual behaviour").fill("The app closes.");
        await page
          .getByTestId("photo-input")
          .setInputFiles({ ...photo, name: "scanner.png" });
        await page
          .getByRole("button", { name: "Create internal ticket" })
          .click();
        await page.waitForURL(/\/outbox$/);
        // A fourth, discarded (with a confirmation) before the connection is back.
        await b2cOffline("Offline Discarded", [1]);
        const items = page.getByTestId("outbox-item");
        expect((await items.count()) === 4, "four tickets wait");
        await page
          .getByTestId("outbox-count")
          .filter({ hasText: /^4$/ })
          .waitFor();
        const gone = items.filter({ hasText: "Offline Discarded" });
        await gone.getByTestId("outbox-discard").click();
        await gone.getByTestId("outbox-confirm-discard").click();
        await gone.waitFor({ state: "detached" });
        await page
          .getByTestId("outbox-count")
          .filter({ hasText: /^3$/ })
          .waitFor();
        const photosShown = await items
          .getByTestId("outbox-photos")
          .allTextContents();
        expect(
          photosShown.join("|") === "2 photos|2 photos|1 file",
          `photos counts ${photosShown.join("|")}`,
        );
        // Reloaded with no connection: the app opens from the service worker, the queue is kept.
        await page.reload();
        await page.getByRole("heading", { name: "Waiting to send" }).waitFor();
        await page.getByTestId("outbox-item").nth(2).waitFor();
        expect(
          (await page.getByTestId("outbox-item").count()) === 3,
          "three wait after the reload",
        );
        await atWidths("outbox-offline", null);
        await page.setViewportSize({ width: 360, height: 780 });

        await context.setOffline(false);
        await page.waitForFunction(
          () =>
            document.querySelectorAll(
              "[data-testid=outbox-item][data-state=sent]",
            ).length === 3,
        );
        const numbers = await page
          .getByTestId("outbox-number")
          .allTextContents();
        const after = await totals();
        expect(
          after.b2c === before.b2c + 2 &&
            after.internal === before.internal + 1,
          `tickets before ${JSON.stringify(before)} after ${JSON.stringify(after)}`,
        );
        const files = await page.evaluate(async (nums) => {
          const out = [];
          for (const n of nums) {
            const kind = n.startsWith("INT") ? "internal" : "b2c";
            const t = await (await fetch(`/api/tickets/${kind}/${n}`)).json();
            const a = await (
              await fetch(`/api/tickets/${kind}/${t.ticket_id}/attachments`)
            ).json();
            out.push(`${n.slice(0, 3)}:${a.items.length}`);
          }
          return out.join("|");
        }, numbers);
        expect(
          files === "B2C:2|B2C:2|INT:1",
          `attachments per ticket ${files} (${numbers.join(", ")})`,
        );
      } finally {
        await context.setOffline(false);
        await page.setViewportSize({ width: 1280, height: 900 });
      }
    },
    { independent: true },
  );

  await test(
    "offline: a ticket the server refuses keeps its message in the waiting list, is fixed in the form and sent",
    async () => {
      await page.setViewportSize({ width: 360, height: 780 });
      try {
        const b2cTotal = () =>
          page.evaluate(
            async () =>
              (await (await fetch("/api/tickets/b2c/list?limit=1")).json())
                .total,
          );
        await page.goto(base + "/outbox");
        const before = await b2cTotal();
        await context.setOffline(true);
        await fillB2cQuality("Offline Refused");
        await page.getByLabel("Customer email").fill("not-an-email");
        await page
          .getByTestId("photo-input")
          .setInputFiles({ ...photo, name: "refused.png" });
        await page.getByRole("button", { name: "Create B2C ticket" }).click();
        await page.waitForURL(/\/outbox$/);
        await context.setOffline(false);
        const item = page
          .locator("[data-testid=outbox-item][data-state=refused]")
          .filter({ hasText: "Offline Refused" });
        await item
          .getByTestId("outbox-error")
          .filter({ hasText: "is not an email address" })
          .waitFor();
        await item.getByTestId("outbox-edit").click();
        await page.waitForURL(/\/tickets\/b2c\/new$/);
        await page
          .locator("#f-customer_email-error, .field-error", {
            hasText: "not an email address",
          })
          .first()
          .waitFor();
        await page.getByLabel("Customer email").fill("refused@example.com");
        await page.getByRole("button", { name: "Create B2C ticket" }).click();
        await page.waitForURL(/\/tickets\/b2c\/\d+$/);
        expect(
          (await b2cTotal()) === before + 1,
          "one ticket made from the fixed one",
        );
        await page.goto(base + "/outbox");
        await page.getByRole("heading", { name: "Waiting to send" }).waitFor();
        await page
          .locator("[data-testid=outbox-item]", { hasText: "Offline Refused" })
          .waitFor({ state: "detached" });
      } finally {
        await context.setOffline(false);
        await page.setViewportSize({ width: 1280, height: 900 });
      }
    },
    { independent: true },
  );

  await test(
    "no script errors or CSP violations in the console",
    async () => {
      expect(problems.length === 0, problems.slice(0, 3).join(" | "));
    },
    { independent: true },
  );
  exitCode = failed ? 1 : 0;
} catch (e) {
  failed++;
  console.log(`FAIL setup: ${e && e.message ? e.message : e}`);
} finally {
  if (context) await context.close().catch(() => {});
  server.kill("SIGTERM");
  for (let i = 0; i < 100 && !serverExited; i++) await sleep(50);
  if (!serverExited) server.kill("SIGKILL");
  if (!failed) rmSync(tmp, { recursive: true, force: true });
  else console.log(`e2e: server log and data kept in ${tmp}`);
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : exitCode);
