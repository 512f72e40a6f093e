import assert from "node:assert/strict";
import { once } from "node:events";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { test } from "node:test";
import { DevLoop } from "../src/dev.mjs";
import { DevtoolsTab, customTab, tabRoute } from "../src/devtools.mjs";
import { defaults, setupQalint } from "../src/setup.mjs";
import { editorTarget, filtered, grouped, perRule, summary } from "../src/devtools/view.js";
import { fakeBinary, fakeNuxt, finding, recorder, tmp } from "./helpers.mjs";

const root = join(tmp, "site-devtools");
mkdirSync(join(root, "content"), { recursive: true });
const safe = { applicability: "safe", message: "remove the byte-order mark", edits: [] };

/**
 * A qalint that answers from `findings.json` (a fix empties it of safe fixes), knows the
 * collection of each page, prints a rule's page, and logs the arguments of every run.
 */
function site(findings) {
  const dir = join(tmp, `devtools-${Math.random().toString(36).slice(2)}`);
  mkdirSync(dir);
  const state = join(dir, "findings.json");
  const log = join(dir, "runs.log");
  writeFileSync(state, JSON.stringify(findings));
  const bin = fakeBinary(`
    const fs = require("fs");
    fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + "\\n");
    const now = JSON.parse(fs.readFileSync(${JSON.stringify(state)}, "utf8"));
    if (args[0] === "--show-files") {
      process.stdout.write(JSON.stringify([...new Set(now.map((f) => f.file))].map((file) => ({ file, collection: file.includes("blog") ? "blog" : "qa" }))));
    } else if (args[0] === "--explain") {
      if (args[1] === "QA001") process.stdout.write("# schema (QA001)\\n\\nThe page's keys.\\n");
      else { process.stderr.write("qalint: error: unknown rule"); process.exitCode = 2; }
    } else if (args[0] === "--fix") {
      const left = now.filter((f) => !(f.file === args[args.length - 1] && f.fix && f.fix.applicability === "safe"));
      fs.writeFileSync(${JSON.stringify(state)}, JSON.stringify(left));
      process.exitCode = left.length ? 1 : 0;
    } else {
      process.stdout.write(JSON.stringify(now));
      process.exitCode = now.length ? 1 : 0;
    }`);
  const runs = () => readFileSync(log, "utf8").trim().split("\n").map((l) => JSON.parse(l));
  return { bin, runs, state };
}

/** The tab behind a real HTTP server, mounted as Vite mounts middleware (prefix stripped). */
async function serve(tab, route = "/__qalint__") {
  const server = createServer((req, res) => {
    if (!req.url.startsWith(route)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    req.url = req.url.slice(route.length) || "/";
    tab.handle(req, res);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const base = `http://127.0.0.1:${server.address().port}${route}`;
  return { base, close: () => { tab.close(); server.closeAllConnections(); server.close(); } };
}

/** What a browser sends from the dev server's own page. */
const own = (base) => ({ "sec-fetch-site": "same-origin", origin: new URL(base).origin });

async function tabOn(findings) {
  const { bin, runs, state } = site(findings);
  const { lint } = await import("../src/run.mjs");
  const loop = new DevLoop({ lintContent: () => lint(bin, ["content"], { cwd: root }), rootDir: root, out: recorder() });
  const tab = new DevtoolsTab({ binary: () => bin, rootDir: root, loop });
  await loop.start();
  return { tab, loop, runs, state, ...(await serve(tab)) };
}

test("dev: the tab is added to DevTools and served from Vite's dev server; off with `devtools: false` or without DevTools", async () => {
  const added = [];
  const addCustomTab = (tab) => added.push(tab);
  const mounted = [];
  const vite = { ws: { send() {}, on() {} }, middlewares: { use: (route, fn) => mounted.push([route, fn]) } };
  const nuxt = fakeNuxt({ rootDir: root, dev: true });
  nuxt.options.app = { baseURL: "/docs/" };
  const { tab } = setupQalint(defaults, nuxt, { findBinary: () => "qalint", contentVersion: "3.16.1", logger: recorder(), addCustomTab });
  assert.ok(tab);
  assert.deepEqual(added, [{ name: "qalint", title: "qalint", icon: "/docs/__qalint__/icon.svg", category: "modules", view: { type: "iframe", src: "/docs/__qalint__/" } }]);
  await nuxt.callHook("vite:serverCreated", vite, { isClient: false });
  assert.equal(mounted.length, 0, "the server build's Vite serves no tab");
  await nuxt.callHook("vite:serverCreated", vite, { isClient: true });
  assert.deepEqual(mounted.map(([route]) => route), ["/docs/__qalint__"]);

  for (const [options, devtools] of [[{ ...defaults, devtools: false }, undefined], [defaults, { enabled: false }], [defaults, false]]) {
    const off = fakeNuxt({ rootDir: root, dev: true });
    off.options.devtools = devtools;
    const none = [];
    const result = setupQalint(options, off, { findBinary: () => "qalint", contentVersion: "3.16.1", logger: recorder(), addCustomTab: (t) => none.push(t) });
    assert.equal(result.tab, null);
    assert.deepEqual(none, []);
  }
  assert.throws(() => setupQalint({ ...defaults, devtools: "yes" }, fakeNuxt({ rootDir: root, dev: true }), { findBinary: () => "qalint", contentVersion: "3.16.1", logger: recorder() }),
    /devtools is "yes"; it takes true or false/);
  assert.equal(tabRoute("/"), "/__qalint__");
  assert.equal(customTab("/__qalint__").view.src, "/__qalint__/");
});

test("the tab's page holds its token; its state is the loop's findings with each page's collection", async () => {
  const findings = [finding("content/a.md", 3, "QA001", { fix: safe }), finding("content/blog/b.md", 1, "QA005")];
  const t = await tabOn(findings);
  try {
    const page = await fetch(`${t.base}/`, { headers: own(t.base) });
    assert.equal(page.status, 200);
    assert.match(page.headers.get("content-security-policy"), /frame-ancestors 'self'/);
    assert.match(await page.text(), new RegExp(`<meta name="qalint-token" content="${t.tab.token}">`));
    for (const asset of ["tab.js", "view.js", "tab.css", "icon.svg"]) {
      assert.equal((await fetch(`${t.base}/${asset}`, { headers: own(t.base) })).status, 200, asset);
    }
    const state = await (await fetch(`${t.base}/state`, { headers: own(t.base) })).json();
    assert.equal(state.ok, true);
    assert.equal(state.rootDir, root);
    assert.deepEqual(state.findings, findings);
    assert.deepEqual(state.collections, { "content/a.md": "qa", "content/blog/b.md": "blog" });
    // A new page with findings: the binary places it.
    writeFileSync(t.state, JSON.stringify([...findings, finding("content/blog/new.md", 2)]));
    await t.loop.saved(join(root, "content/blog/new.md"));
    assert.equal(t.tab.state.collections["content/blog/new.md"], "blog");
    assert.equal(t.runs().filter((args) => args[0] === "--show-files").length, 2);
  } finally {
    t.close();
  }
});

test("another origin gets nothing, and no fix runs without the page's token", async () => {
  const t = await tabOn([finding("content/a.md", 3, "QA001", { fix: safe })]);
  try {
    for (const headers of [{ "sec-fetch-site": "cross-site" }, { "sec-fetch-site": "same-site" }, { origin: "http://evil.example" }]) {
      assert.equal((await fetch(`${t.base}/state`, { headers })).status, 403, JSON.stringify(headers));
      const fix = await fetch(`${t.base}/fix`, {
        method: "POST", headers: { ...headers, "content-type": "application/json", "x-qalint-token": t.tab.token }, body: JSON.stringify({ file: "content/a.md" }),
      });
      assert.equal(fix.status, 403, JSON.stringify(headers));
    }
    const post = (headers, body) => fetch(`${t.base}/fix`, { method: "POST", headers: { ...own(t.base), ...headers }, body });
    assert.equal((await post({ "content-type": "application/json" }, JSON.stringify({ file: "content/a.md" }))).status, 403, "no token");
    assert.equal((await post({ "content-type": "application/json", "x-qalint-token": "0".repeat(48) }, "{}")).status, 403, "a wrong token");
    assert.equal((await post({ "content-type": "text/plain", "x-qalint-token": t.tab.token }, JSON.stringify({ file: "content/a.md" }))).status, 415);
    assert.deepEqual(t.runs().filter((args) => args[0] === "--fix"), [], "no fix ran");
  } finally {
    t.close();
  }
});

test("a fix is the binary's --fix on one page of the findings, then the tab has the new state", async () => {
  const outside = finding("../outside.md", 1, "QA001", { fix: safe });
  const t = await tabOn([finding("content/a.md", 3, "QA001", { fix: safe }), finding("content/b.md", 1, "QA005"), outside]);
  try {
    const events = await fetch(`${t.base}/events`, { headers: own(t.base) });
    const reader = events.body.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    assert.match(first, /^event: state\ndata: \{"version":1,/);
    const fix = (file) => fetch(`${t.base}/fix`, {
      method: "POST", headers: { ...own(t.base), "content-type": "application/json", "x-qalint-token": t.tab.token }, body: JSON.stringify({ file }),
    });
    for (const file of ["content/b.md", "content/c.md", "../outside.md", "/etc/passwd"]) {
      const refused = await fix(file);
      assert.equal(refused.status, 400, file);
      assert.deepEqual(await refused.json(), { ok: false, why: "no page of the current findings with a safe fix has that name" });
    }
    const fixed = await fix("content/a.md");
    assert.equal(fixed.status, 200);
    assert.deepEqual(await fixed.json(), { ok: true, version: 2 });
    assert.deepEqual(t.runs().filter((args) => args[0] === "--fix"), [["--fix", "--format", "json", "--", "content/a.md"]]);
    assert.deepEqual(t.tab.state.findings.map((f) => f.file), ["content/b.md", "../outside.md"]);
    const second = new TextDecoder().decode((await reader.read()).value);
    assert.match(second, /^event: state\ndata: \{"version":2,/);
    const pushed = JSON.parse(second.split("\n")[1].slice("data: ".length));
    assert.deepEqual(pushed.findings.map((f) => f.file), ["content/b.md", "../outside.md"]);
    assert.equal(t.runs().filter((args) => args[0] === "--show-files").length, 1, "every page with findings was placed already");
    // A tab that goes away is dropped; the next lint writes to no one and goes on.
    await reader.cancel();
    for (let i = 0; i < 50 && t.tab.clients.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(t.tab.clients.size, 0);
    await t.loop.saved(join(root, "content/b.md"));
    assert.equal(t.tab.state.version, 3);
  } finally {
    t.close();
  }
});

test("a rule's page is the binary's --explain, for a rule name only", async () => {
  const t = await tabOn([]);
  try {
    const page = await fetch(`${t.base}/explain?rule=QA001`, { headers: own(t.base) });
    assert.equal(page.status, 200);
    assert.equal(await page.text(), "# schema (QA001)\n\nThe page's keys.\n");
    assert.equal((await fetch(`${t.base}/explain?rule=QA999`, { headers: own(t.base) })).status, 404);
    assert.equal((await fetch(`${t.base}/explain?rule=${encodeURIComponent("--version")}`, { headers: own(t.base) })).status, 400);
    assert.deepEqual(t.runs().filter((args) => args[0] === "--explain"), [["--explain", "QA001"], ["--explain", "QA999"]]);
  } finally {
    t.close();
  }
});

test("a lint that fails shows its reason and keeps the last findings", async () => {
  const loop = new DevLoop({ lintContent: async () => ({ ok: false, why: "qalint was killed by SIGKILL" }), rootDir: root, out: recorder() });
  const tab = new DevtoolsTab({ binary: () => { throw new Error("no binary"); }, rootDir: root, loop });
  await loop.start();
  assert.equal(tab.state.ok, false);
  assert.equal(tab.state.why, "qalint was killed by SIGKILL");
  assert.equal(summary(tab.state), "qalint could not check the content");
});

test("the view: filters, counts per rule, collection → page, the summary and the editor's target", () => {
  const w = finding("content/blog/z.md", 9, "QA005", { severity: "warning", message: "a gap in order" });
  const a = finding("content/a.md", 3, "QA001", { fix: safe, help: "add the key" });
  const a1 = finding("content/a.md", 1, "QA001");
  const x = finding("README.md", 2, "QA001");
  const all = [w, a, a1, x];
  assert.deepEqual(filtered(all, { severity: "warning" }), [w]);
  assert.deepEqual(filtered(all, { rule: "QA001", text: "README" }), [x]);
  assert.deepEqual(filtered(all, { text: "ADD THE" }), [a]);
  assert.deepEqual(perRule(all), [{ code: "QA001", rule: "schema", errors: 3, warnings: 0 }, { code: "QA005", rule: "order-gap", errors: 0, warnings: 1 }]);
  assert.deepEqual(grouped(all, { "content/a.md": "qa", "content/blog/z.md": "blog", "README.md": null }), [
    { collection: "blog", pages: [{ file: "content/blog/z.md", findings: [w], safeFixes: 0 }] },
    { collection: "qa", pages: [{ file: "content/a.md", findings: [a1, a], safeFixes: 1 }] },
    { collection: null, pages: [{ file: "README.md", findings: [x], safeFixes: 0 }] },
  ]);
  assert.equal(summary({ ok: true, findings: all, suppressed: 2 }), "3 errors · 1 warning in 3 pages · 2 suppressed by qalint-suppressions.json");
  assert.equal(summary({ ok: true, findings: [], suppressed: 0 }), "content checked: no problems");
  assert.equal(summary({ ok: null, findings: [] }), "checking the content…");
  assert.equal(editorTarget("/site/", a), "/site/content/a.md:3:1");
});
