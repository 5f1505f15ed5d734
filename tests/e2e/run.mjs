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
async function test(name, fn, { independent = false } = {}) {
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
