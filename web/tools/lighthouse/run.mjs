// `make lighthouse`: Lighthouse's mobile audit (a mid-range phone, throttled to slow 4G, as
// Lighthouse simulates it) of the staff UI's main screens, in Debian's Chromium, against a
// ticketd started here on a throwaway demo database.  The pages are read as the demo
// manager, signed in by an API token sent with every request.  Prints one line per page
// with its performance and accessibility scores and the audits that cost points, and
// writes the full reports to BUILD/lighthouse/.  A measurement, like `make bench`: it
// fails only when a page cannot be audited, never on a score.
//
// On a busy or slow host the figures read low: Lighthouse slows the CPU 4x on top of a host
// that may already be as slow as the phone it emulates (its benchmark index, printed per page,
// is about 1000 for a mid-range phone and 264 for the Moto G Power it emulates).  With
// `--cpu-slowdown auto` the slowdown is set per page from a benchmark run just before it, so
// that the throttled host scores about 264, as Chrome DevTools' CPU calibration does; a number
// sets it outright.  The default is Lighthouse's own 4x.
//
// usage: node web/tools/lighthouse/run.mjs [--binary build/ticketd] [--out build/lighthouse]
//                                          [--only name,name] [--cpu-slowdown N|auto] [--runs N]
//                                          [--web DIR (the built UI to serve, web/dist)]
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const binary = path.resolve(root, arg("--binary", "build/ticketd"));
const out = path.resolve(root, arg("--out", "build/lighthouse"));
const chromePath = process.env.CHROMIUM || "/usr/bin/chromium";
const webDir = path.resolve(root, arg("--web", "web/dist"));
// Lighthouse's figures vary from run to run (more on a busy host): --runs N audits each page
// N times and keeps the run with the median performance score, as Lighthouse advises.
const runs = Math.max(1, Number(arg("--runs", "1")));

const tmp = mkdtempSync(path.join(os.tmpdir(), "ticketd-lighthouse-"));
const server = spawn(binary, ["serve", "--data", tmp, "--port", "0", "--demo", "--web", webDir], {
  stdio: ["ignore", "pipe", "inherit"],
});
const port = await new Promise((resolve, reject) => {
  let seen = "";
  server.stdout.on("data", (d) => {
    seen += d;
    const m = /ticketd listening on http:\/\/[^:/]+:(\d+)\//.exec(seen);
    if (m) resolve(Number(m[1]));
  });
  server.on("exit", (code) => reject(new Error(`ticketd exited (${code}) before listening`)));
});
const base = `http://127.0.0.1:${port}`;
const token = execFileSync(binary, ["token", "create", "--email", "manager@demo.test", "--name", "lighthouse", "--data", tmp], {
  encoding: "utf8",
}).trim();
const headers = { Authorization: `Bearer ${token}` };
const api = async (p) => (await fetch(base + p, { headers })).json();
const b2c = (await api("/api/tickets/b2c/list?limit=1")).items[0];
const b2b = (await api("/api/tickets/b2b/list?limit=1")).items[0];

// [name, path, signed in]: the sign-in page is what a signed-out browser opens first.
const pages = [
  ["sign-in", "/", false],
  ["home", "/"],
  ["B2C list", "/tickets/b2c"],
  ["B2C ticket", `/tickets/b2c/${b2c.ticket_id}`],
  ["B2B ticket", `/tickets/b2b/${b2b.ticket_id}`],
  ["new B2C ticket", "/tickets/b2c/new"],
  ["approvals", "/approvals"],
];

const only = arg("--only", null)?.split(",");
if (only) pages.splice(0, pages.length, ...pages.filter(([name]) => only.includes(name)));

mkdirSync(out, { recursive: true });
const chrome = await chromeLauncher.launch({
  chromePath,
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu"],
});
const LOW_TIER = 264; // the benchmark index of the emulated phone (Chrome DevTools' figure)
const slowdownArg = arg("--cpu-slowdown", "4");
async function slowdownNow() {
  if (slowdownArg !== "auto") return Number(slowdownArg);
  const probe = await lighthouse(base + "/robots.txt", { port: chrome.port, logLevel: "error", onlyAudits: ["viewport"] });
  const index = probe?.lhr?.environment?.benchmarkIndex ?? LOW_TIER * 4;
  return Math.max(1, Math.round((index / LOW_TIER) * 10) / 10);
}
let failed = 0;
const summary = [];
try {
  for (const [name, p, signedIn = true] of pages) {
    const tries = [];
    let cpuSlowdownMultiplier = 4;
    for (let i = 0; i < runs; i++) {
      cpuSlowdownMultiplier = await slowdownNow();
      const one = await lighthouse(base + p, {
        throttling: { rttMs: 150, throughputKbps: 1638.4, requestLatencyMs: 562.5, downloadThroughputKbps: 1474.56, uploadThroughputKbps: 675, cpuSlowdownMultiplier },
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance", "accessibility"],
        formFactor: "mobile",
        screenEmulation: { mobile: true, width: 360, height: 740, deviceScaleFactor: 3, disabled: false },
        extraHeaders: signedIn ? headers : undefined,
      });
      if (one?.lhr && !one.lhr.runtimeError) tries.push({ one, cpuSlowdownMultiplier });
    }
    tries.sort((a, b) => (a.one.lhr.categories.performance.score ?? 0) - (b.one.lhr.categories.performance.score ?? 0));
    const pick = tries[Math.floor((tries.length - 1) / 2)] ?? null;
    const result = pick?.one ?? null;
    if (pick) cpuSlowdownMultiplier = pick.cpuSlowdownMultiplier;
    const allScores = tries.map((t) => Math.round((t.one.lhr.categories.performance.score ?? 0) * 100));
    if (!result?.lhr || result.lhr.runtimeError) {
      console.log(`lighthouse: ${name}: ${result?.lhr?.runtimeError?.message ?? "no report"}`);
      failed++;
      continue;
    }
    const lhr = result.lhr;
    const file = path.join(out, `${name.replace(/\W+/g, "-")}.json`);
    writeFileSync(file, result.report);
    const score = (c) => Math.round((lhr.categories[c].score ?? 0) * 100);
    const losing = Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== "informative" && a.scoreDisplayMode !== "manual")
      .map((a) => a.id);
    const m = (id) => lhr.audits[id]?.displayValue ?? "?";
    const bench = Math.round(lhr.environment.benchmarkIndex);
    summary.push({ name, performance: score("performance"), accessibility: score("accessibility"), benchmarkIndex: bench, cpuSlowdownMultiplier, loadavg: os.loadavg()[0] });
    console.log(
      `lighthouse: ${name.padEnd(15)} performance ${String(score("performance")).padStart(3)}  accessibility ${String(score("accessibility")).padStart(3)}` +
        `  (host index ${bench}, CPU ÷${cpuSlowdownMultiplier}, load ${os.loadavg()[0].toFixed(1)}${runs > 1 ? `, median of ${allScores.join("/")}` : ""})` +
        `  FCP ${m("first-contentful-paint")}, LCP ${m("largest-contentful-paint")}, TBT ${m("total-blocking-time")}, CLS ${m("cumulative-layout-shift")}` +
        (losing.length ? `  (below 0.9: ${losing.join(", ")})` : ""),
    );
  }
} finally {
  await chrome.kill();
  server.kill("SIGTERM");
}
writeFileSync(path.join(out, "summary.json"), JSON.stringify(summary, null, 2));
rmSync(tmp, { recursive: true, force: true });
if (failed) process.exit(1);
