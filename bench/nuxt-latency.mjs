// How long a save takes to show in `nuxi dev`: in its terminal, and in Vite's overlay in a real
// browser (Debian's Chromium through playwright-core, from .ci/tools). A benchmark, not a test:
// it prints medians and the worst of N saves, alternating a page saved broken (by a rename,
// as editors' safe write does) and saved fixed (written in place).
//   node bench/nuxt-latency.mjs APP [N]
// APP is a Nuxt Content app with @qalint/nuxt installed and prepared (scripts/test-nuxt.sh
// makes one: fixtures/nuxt-app), whose content/python/concurrency/threads.md is clean and
// whose broken/ holds the broken copy.
import { spawn } from "node:child_process";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { join, resolve } from "node:path";

const [app, count = "10"] = process.argv.slice(2).map((a, i) => (i === 0 ? resolve(a) : a));
const require = createRequire(new URL("../.ci/tools/package.json", import.meta.url));
const { chromium } = require("playwright-core");
const page = "content/python/concurrency/threads.md";
const clean = readFileSync(join(app, page), "utf8");
const broken = readFileSync(join(app, "broken", page), "utf8");
const finding = `${page}:13:7: QA001 [schema] tags: expected a list, found a string`;
const fixed = `${page}: no problems (1 fixed)`;

const port = await new Promise((done) => {
  const s = createServer().listen(0, "127.0.0.1", () => {
    const { port } = s.address();
    s.close(() => done(port));
  });
});
const dev = spawn("npx", ["nuxi", "dev", "--port", String(port)], {
  cwd: app,
  env: { ...process.env, NO_COLOR: "1", NUXT_TELEMETRY_DISABLED: "1" },
  stdio: ["ignore", "pipe", "pipe"],
  detached: true,
});
// Every line of the dev terminal with the time it arrived.
const lines = [];
const waiting = [];
for (const stream of [dev.stdout, dev.stderr]) {
  let rest = "";
  stream.on("data", (chunk) => {
    const now = performance.now();
    const parts = (rest + chunk).split("\n");
    rest = parts.pop();
    for (const line of parts) {
      lines.push({ line, at: now });
      for (const w of waiting.splice(0)) if (!w(line, now)) waiting.push(w);
    }
  });
}
const nextLine = (text, timeout = 30000) =>
  new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`no line with ${text}`)), timeout);
    waiting.push((line, at) => {
      if (!line.includes(text)) return false;
      clearTimeout(timer);
      done(at);
      return true;
    });
  });
const stop = () => {
  try {
    process.kill(-dev.pid, "SIGTERM");
  } catch {}
};
process.on("exit", stop);

await nextLine("[qalint] content checked", 180000);
const url = `http://localhost:${port}/python/concurrency/threads`;
for (let i = 0; i < 120; i++) {
  const ok = await fetch(url).then((r) => r.ok, () => false);
  if (ok) break;
  await new Promise((r) => setTimeout(r, 500));
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic"],
});
const tab = await browser.newPage();
await tab.goto(url, { waitUntil: "networkidle" });
const overlay = (shown) =>
  tab.waitForFunction(
    (want) => !!document.querySelector("vite-error-overlay") === want,
    shown,
    { polling: "raf", timeout: 30000 },
  ).then(() => performance.now());

const terminal = [];
const browserTimes = [];
for (let i = 0; i < Number(count); i++) {
  for (const [text, line, shown] of [[broken, finding, true], [clean, fixed, false]]) {
    const said = nextLine(line);
    const seen = overlay(shown);
    const start = performance.now();
    if (shown) {
      writeFileSync(join(app, `${page}.tmp`), text);
      renameSync(join(app, `${page}.tmp`), join(app, page));
    } else {
      writeFileSync(join(app, page), text);
    }
    terminal.push((await said) - start);
    browserTimes.push((await seen) - start);
    await new Promise((r) => setTimeout(r, 300));
  }
}
await browser.close();
stop();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const show = (name, xs) =>
  console.log(`${name}: median ${median(xs).toFixed(0)} ms, worst ${Math.max(...xs).toFixed(0)} ms (${xs.length} saves)`);
const even = (xs, parity) => xs.filter((_, i) => i % 2 === parity);
show("saved broken -> finding in the nuxi dev terminal", even(terminal, 0));
show("saved fixed  -> 'no problems' in the terminal   ", even(terminal, 1));
show("saved broken -> error in the browser's overlay  ", even(browserTimes, 0));
show("saved fixed  -> the overlay gone                ", even(browserTimes, 1));
if (process.env.VERBOSE) console.log({ terminal, browserTimes });
writeFileSync(join(app, page), clean);
process.exit(0);
