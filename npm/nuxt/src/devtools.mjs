// The qalint tab in Nuxt DevTools (`nuxi dev` only): the site's findings, grouped by
// collection and page, live. Served by the module from Vite's dev server under
// `<baseURL>/__qalint__/`, to the dev server's own origin only. It lints nothing itself: the
// findings are the dev loop's (dev.mjs: the binary's answer on each save), the collections
// the binary's (`--show-files --format json`), a fix is the binary's `--fix` on one page, a
// rule's page the binary's `--explain`.
import { randomBytes, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { runQalint, tail } from "./run.mjs";

const CLIENT = fileURLToPath(new URL("./devtools/", import.meta.url));
const ASSETS = {
  "/tab.js": "text/javascript; charset=utf-8",
  "/tab.css": "text/css; charset=utf-8",
  "/view.js": "text/javascript; charset=utf-8",
  "/icon.svg": "image/svg+xml",
};
/** A fix request is a file name: anything longer is not one. */
const MAX_BODY = 16 * 1024;
const RULE = /^[A-Za-z][A-Za-z0-9-]{0,63}$/;

/** The route the tab is served from, below the app's base URL. */
export function tabRoute(baseURL = "/") {
  return `${baseURL}/__qalint__`.replace(/\/+/g, "/");
}

/** The tab as Nuxt DevTools lists it (`addCustomTab`). */
export function customTab(route) {
  return {
    name: "qalint",
    title: "qalint",
    // A file of the tab's own (an Iconify name would be fetched from the network).
    icon: `${route}/icon.svg`,
    category: "modules",
    view: { type: "iframe", src: `${route}/` },
  };
}

export class DevtoolsTab {
  /**
   * `binary()` the qalint binary's path (throws when missing); `rootDir` the site; `loop` the
   * DevLoop whose answers the tab shows and which relints after a fix; `timeoutMs` as for
   * every run.
   */
  constructor({ binary, rootDir, loop, timeoutMs = 120000 }) {
    Object.assign(this, { binary, rootDir, loop, timeoutMs });
    // Proves a fix request came from the tab this server served (the page holds it; another
    // origin cannot read the page).
    this.token = randomBytes(24).toString("hex");
    this.state = { version: 0, ok: null, why: null, findings: [], suppressed: 0, collections: {}, rootDir };
    this.clients = new Set();
    this.explained = new Map();
    loop.listen((answer) => this.update(answer));
  }

  /** A new answer of the dev loop: the collections of its files, then every open tab told. */
  async update(answer) {
    // The binary is asked again only when a page it has not placed has findings (a new or
    // moved page); a change of content.config restarts Nuxt, and the tab with it.
    const known = this.state.collections;
    const stale = answer.ok && (this.state.version === 0 || answer.findings.some((f) => !(f.file in known)));
    const collections = stale ? await this.collectionsOf() : known;
    this.state = {
      version: this.state.version + 1,
      ok: answer.ok,
      why: answer.ok ? null : answer.why,
      findings: answer.ok ? answer.findings : this.state.findings,
      suppressed: answer.ok ? answer.suppressed ?? 0 : this.state.suppressed,
      collections,
      rootDir: this.rootDir,
    };
    const event = `event: state\ndata: ${JSON.stringify(this.state)}\n\n`;
    for (const res of this.clients) {
      // A tab closed between its last event and its socket's `close` is dropped, never written.
      if (res.destroyed || res.writableEnded) this.clients.delete(res);
      else res.write(event);
    }
  }

  /** Each checked file's collection, as the binary says (`{}` when it cannot). */
  async collectionsOf() {
    let path;
    try {
      path = this.binary();
    } catch {
      return {};
    }
    const run = await runQalint(path, ["--show-files", "--format", "json"], { cwd: this.rootDir, timeoutMs: this.timeoutMs });
    if (!run.ok || run.code !== 0) return {};
    try {
      const files = JSON.parse(run.stdout);
      return Object.fromEntries(files.filter((f) => typeof f?.file === "string").map((f) => [f.file, f.collection ?? null]));
    } catch {
      return {};
    }
  }

  /** Connect middleware, mounted at the tab's route (`req.url` below it). */
  handle(req, res) {
    const url = new URL(req.url ?? "/", "http://tab");
    // Only the dev server's own pages: a browser says where a request comes from.
    const site = req.headers["sec-fetch-site"];
    const origin = req.headers.origin;
    const host = req.headers.host;
    if ((site && site !== "same-origin" && !(site === "none" && req.method === "GET"))
      || (origin && !sameHost(origin, host))) {
      return send(res, 403, "text/plain", "qalint: the tab answers only the dev server's own pages\n");
    }
    if (req.method === "GET" && (url.pathname === "/" || url.pathname === "")) return this.page(res);
    if (req.method === "GET" && ASSETS[url.pathname]) {
      return send(res, 200, ASSETS[url.pathname], readFileSync(`${CLIENT}${url.pathname.slice(1)}`));
    }
    if (req.method === "GET" && url.pathname === "/state") return send(res, 200, "application/json", JSON.stringify(this.state));
    if (req.method === "GET" && url.pathname === "/events") return this.events(req, res);
    if (req.method === "GET" && url.pathname === "/explain") return this.explain(url.searchParams.get("rule") ?? "", res);
    if (req.method === "POST" && url.pathname === "/fix") return this.fixRequest(req, res);
    return send(res, 404, "text/plain", "qalint: no such page in the tab\n");
  }

  page(res) {
    const html = readFileSync(`${CLIENT}index.html`, "utf8").replace("%TOKEN%", this.token);
    send(res, 200, "text/html; charset=utf-8", html);
  }

  events(req, res) {
    res.writeHead(200, { ...HEADERS, "content-type": "text/event-stream", "cache-control": "no-store" });
    res.write(`event: state\ndata: ${JSON.stringify(this.state)}\n\n`);
    this.clients.add(res);
    const drop = () => this.clients.delete(res);
    req.on("close", drop);
    // A failed write to a closed tab is that tab's end, not the dev server's.
    res.on("error", drop);
  }

  /** A rule's page: only a rule qalint has, as `qalint --explain` prints it. */
  async explain(rule, res) {
    if (!RULE.test(rule)) return send(res, 400, "text/plain", "qalint: not a rule name\n");
    if (!this.explained.has(rule)) {
      let path;
      try {
        path = this.binary();
      } catch (error) {
        return send(res, 500, "text/plain", `qalint: ${error.message}\n`);
      }
      const run = await runQalint(path, ["--explain", rule], { cwd: this.rootDir, timeoutMs: this.timeoutMs });
      if (!run.ok || run.code !== 0) {
        return send(res, 404, "text/plain", `qalint has no rule ${rule}${tail(run.stderr)}\n`);
      }
      this.explained.set(rule, run.stdout);
    }
    send(res, 200, "text/markdown; charset=utf-8", this.explained.get(rule));
  }

  async fixRequest(req, res) {
    const given = Buffer.from(String(req.headers["x-qalint-token"] ?? ""));
    const mine = Buffer.from(this.token);
    if (given.length !== mine.length || !timingSafeEqual(given, mine)) {
      return send(res, 403, "text/plain", "qalint: a fix is applied only from the tab the dev server served\n");
    }
    if (!String(req.headers["content-type"] ?? "").startsWith("application/json")) {
      return send(res, 415, "text/plain", "qalint: a fix request is JSON\n");
    }
    let body;
    try {
      body = JSON.parse(await readBody(req));
    } catch (error) {
      return send(res, 400, "text/plain", `qalint: ${error.message}\n`);
    }
    const result = await this.fix(body?.file);
    send(res, result.status, "application/json", JSON.stringify(result.body));
  }

  /**
   * Applies the safe fixes of one page, as `qalint --fix PAGE` does, then relints the site.
   * Only a page the current answer names with a safe fix, inside the site.
   */
  async fix(file) {
    const named = typeof file === "string"
      && this.state.findings.some((f) => f.file === file && f.fix?.applicability === "safe");
    const abs = typeof file === "string" ? resolve(this.rootDir, file) : "";
    const inside = abs && !isAbsolute(relative(this.rootDir, abs)) && !relative(this.rootDir, abs).startsWith("..");
    if (!named || !inside) {
      return { status: 400, body: { ok: false, why: "no page of the current findings with a safe fix has that name" } };
    }
    let path;
    try {
      path = this.binary();
    } catch (error) {
      return { status: 500, body: { ok: false, why: error.message } };
    }
    const run = await runQalint(path, ["--fix", "--format", "json", "--", file], { cwd: this.rootDir, timeoutMs: this.timeoutMs });
    if (!run.ok || (run.code !== 0 && run.code !== 1)) {
      const why = run.ok ? `qalint --fix exited with code ${run.code}${tail(run.stderr)}` : run.why + tail(run.stderr);
      return { status: 500, body: { ok: false, why } };
    }
    // The loop relints the site (the tabs hear it) before the answer goes back.
    await this.loop.saved(abs);
    return { status: 200, body: { ok: true, version: this.state.version } };
  }

  /** Ends every open event stream (Nuxt closes). */
  close() {
    for (const res of this.clients) res.end();
    this.clients.clear();
  }
}

const HEADERS = {
  "x-content-type-options": "nosniff",
  // Framed by DevTools (same origin) only; scripts and styles only from the tab's own files.
  "content-security-policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'self'",
};

function send(res, status, type, body) {
  res.writeHead(status, { ...HEADERS, "content-type": type, "cache-control": "no-store" });
  res.end(body);
}

function sameHost(origin, host) {
  try {
    return Boolean(host) && new URL(origin).host === host;
  } catch {
    return false;
  }
}

function readBody(req) {
  return new Promise((resolveBody, reject) => {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error("a fix request is a file name, not this much"));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on("end", () => resolveBody(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}
