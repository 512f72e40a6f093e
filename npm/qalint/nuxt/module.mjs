// qalint inside Nuxt: `modules: ['@nuxt/content', 'qalint/nuxt']`.
//
// - Whenever Nuxt loads (`nuxi prepare`, dev, build, generate), Nuxt Content's own collections
//   (their sources and the JSON Schema it derived from content.config.ts) go to
//   `qalint nuxt-collections`, which signs them and writes .nuxt/qalint/collections.json: the
//   CLI, the pre-commit hook and the language server then check the site's own schema.
// - `nuxi build` / `nuxi generate` lint the content first (Nuxt's `build:before`) and stop
//   with an error when qalint finds errors.
// - `nuxi dev` lints at start and on each content save, prints the findings and shows the
//   first error in Vite's overlay, cleared once the content is clean.
//
// Nothing is linted here: the qalint binary is. Options (`qalint` in nuxt.config, or
// `['qalint/nuxt', { … }]`): `failOn: 'error' | 'warning' | false` (what stops a build;
// default 'error'), `qalint: false` to turn the module off.
import { spawn } from "node:child_process";
import { existsSync, readFileSync, watch } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, normalize, relative, resolve } from "node:path";

const require = createRequire(import.meta.url);
const { findBinary } = require("../lib/platform.js");

const CONFIG_FILES = ["content.config.ts", "content.config.mts", "content.config.js", "content.config.mjs"];

/** Runs qalint in `cwd`; resolves with its exit code and output (never rejects). */
function run(binary, args, cwd, input) {
  return new Promise((done) => {
    const child = spawn(binary, args, { cwd, stdio: ["pipe", "pipe", "pipe"], windowsHide: true });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (e) => done({ code: 2, stdout, stderr: stderr + e.message }));
    child.on("close", (code) => done({ code: code ?? 2, stdout, stderr }));
    child.stdin.end(input ?? "");
  });
}

/** Nuxt Content's resolved collections, as its module keeps them (its manifest). */
function contentManifest(nuxt) {
  const templates = nuxt.options.build?.templates ?? [];
  const holder = templates.find((t) => Array.isArray(t?.options?.manifest?.collections));
  return holder?.options.manifest;
}

/** What qalint reads of the site: each local source's folder, globs and prefix, and the JSON
 * Schema Nuxt Content derived for the collection's items. */
async function siteOf(nuxt, manifest) {
  const rootDir = nuxt.options.rootDir;
  const collections = [];
  for (const c of manifest.collections) {
    if (c.private || !Array.isArray(c.source)) continue;
    const sources = [];
    for (const s of c.source) {
      if (s.repository || typeof s.include !== "string") continue; // remote: not on this disk
      // The local source's own step (it only resolves its folder, as Nuxt Content does).
      if (!s.cwd && typeof s.prepare === "function") {
        await s.prepare({ rootDir: c.__rootDir || rootDir });
      }
      const cwd = s.cwd ? resolve(normalize(String(s.cwd)).replace(/^~~\//, rootDir + "/")) : join(rootDir, "content");
      sources.push({ cwd, include: s.include, exclude: [...(s.exclude || [])], prefix: s.prefix ?? null });
    }
    collections.push({ name: c.name, type: c.type, sources, schema: c.extendedSchema });
  }
  return { nuxtContent: contentVersion(rootDir), configFiles: configFilesOf(nuxt), collections };
}

/** The version of @nuxt/content the site resolves (informative: null when not found). */
function contentVersion(rootDir) {
  try {
    // Its `exports` hide package.json: find it above the module's entry.
    let dir = dirname(createRequire(join(rootDir, "package.json")).resolve("@nuxt/content"));
    for (; dir !== dirname(dir); dir = dirname(dir)) {
      const manifest = join(dir, "package.json");
      if (existsSync(manifest)) {
        const parsed = JSON.parse(readFileSync(manifest, "utf8"));
        if (parsed.name === "@nuxt/content") return parsed.version;
      }
    }
  } catch {
    // A layer's dependency, not the site's.
  }
  return null;
}

/** content.config.* of the site and its layers: when one is newer than the collections,
 * qalint says to run `nuxi prepare`. */
function configFilesOf(nuxt) {
  const rootDir = nuxt.options.rootDir;
  const layers = (nuxt.options._layers || []).map((l) => l.config?.rootDir).filter(Boolean);
  return [...new Set([rootDir, ...layers])]
    .flatMap((dir) => CONFIG_FILES.map((f) => join(dir, f)))
    .filter((f) => existsSync(f));
}

/** `file:line:col: [warning: ]CODE [rule] [*] message`, as `qalint --format concise` prints it. */
function line(f) {
  const level = f.severity === "warning" ? "warning: " : "";
  const fixable = f.fix?.applicability === "safe" ? " [*]" : "";
  return `${f.file}:${f.line}:${f.column}: ${level}${f.code} [${f.rule}]${fixable} ${f.message}`;
}

export default async function qalintNuxt(inlineOptions, nuxt) {
  const options = { failOn: "error", ...(nuxt.options.qalint || {}), ...(inlineOptions || {}) };
  if (nuxt.options.qalint === false || inlineOptions === false || options.enabled === false) {
    return;
  }
  const rootDir = nuxt.options.rootDir;
  const log = (text) => console.log(`[qalint] ${text}`);
  const warn = (text) => console.warn(`[qalint] ${text}`);
  let binary;
  try {
    binary = findBinary();
  } catch (e) {
    warn(`not running: ${e.message}`);
    return;
  }
  let folders = [join(rootDir, "content")];
  let site;

  // Nuxt Content's collections, once every module is set up; written when Nuxt loads and
  // again once nuxi has emptied the build folder (`prepare:types` comes after, in prepare,
  // build, generate and dev alike).
  const record = async () => {
    if (!site) return;
    const wrote = await run(binary, ["nuxt-collections", "--root", rootDir], rootDir, JSON.stringify(site));
    if (wrote.code !== 0) {
      warn(`could not record the collections: ${wrote.stderr.trim()}`);
    }
  };
  nuxt.hook("modules:done", async () => {
    const manifest = contentManifest(nuxt);
    if (!manifest) {
      warn("Nuxt Content's collections were not found (is @nuxt/content in `modules`?): qalint checks its built-in schema");
      return;
    }
    site = await siteOf(nuxt, manifest);
    for (const c of site.collections) {
      const unread = c.sources.filter((s) => !/\.md\b|\*$/.test(s.include)).map((s) => s.include);
      if (c.type === "data" && unread.length) {
        log(`collection \`${c.name}\`: its YAML, JSON and CSV files (${unread.join(", ")}) are not checked; its Markdown files are`);
      }
    }
    folders = [...new Set(site.collections.flatMap((c) => c.sources.map((s) => s.cwd)))].filter(existsSync);
    await record();
  });
  let recorded;
  nuxt.hook("prepare:types", async () => {
    recorded = record();
    await recorded;
  });

  /** Lints `paths` (relative to the site) and returns qalint's findings. */
  async function lint(paths) {
    const result = await run(binary, ["--format", "json", ...paths], rootDir);
    if (result.code === 2) {
      warn(result.stderr.trim());
      return null;
    }
    try {
      return JSON.parse(result.stdout);
    } catch {
      warn(`unexpected output: ${result.stdout.slice(0, 200)}`);
      return null;
    }
  }

  const contentPaths = () => folders.map((f) => relative(rootDir, f) || ".");

  if (!nuxt.options.dev) {
    if (nuxt.options._prepare) return;
    nuxt.hook("build:before", async () => {
      await recorded;
      const findings = await lint(contentPaths());
      if (!findings) return;
      for (const f of findings) (f.severity === "error" ? console.error : console.warn)(line(f));
      const errors = findings.filter((f) => f.severity === "error").length;
      const failing = options.failOn === "warning" ? findings.length : options.failOn === false ? 0 : errors;
      if (failing > 0) {
        throw new Error(
          `qalint found ${findings.length} problem${findings.length === 1 ? "" : "s"} in the content (${errors} error${errors === 1 ? "" : "s"}): the build stops. ` +
            "Fix them (`npx qalint --fix` repairs the trivial ones), or set `qalint: { failOn: false }` in nuxt.config.",
        );
      }
      log(findings.length ? `${findings.length} warning(s); building` : "content checked: no problems");
    });
    return;
  }

  // Development: the findings of every file, kept up to date as files are saved.
  let vite;
  const byFile = new Map();
  const overlay = () => {
    if (!vite) return;
    const all = [...byFile.values()].flat();
    const errors = all.filter((f) => f.severity === "error");
    if (errors.length === 0) {
      // An update clears Vite's error overlay.
      vite.ws.send({ type: "update", updates: [] });
      return;
    }
    const first = errors[0];
    const more = errors.length > 1 ? `\n(and ${errors.length - 1} more error${errors.length > 2 ? "s" : ""}: see the terminal)` : "";
    vite.ws.send({
      type: "error",
      err: {
        message: `${first.code} [${first.rule}] ${first.message}${more}`,
        stack: "",
        id: resolve(rootDir, first.file),
        plugin: "qalint",
        loc: { file: resolve(rootDir, first.file), line: first.line, column: first.column },
      },
    });
  };
  // The whole content each time: a save can change other pages' findings (an order, a link),
  // and the cache keeps a run over unchanged pages to a few milliseconds.
  const update = async (saved) => {
    const findings = await lint(contentPaths());
    if (!findings) return;
    byFile.clear();
    for (const f of findings) {
      const list = byFile.get(f.file) || [];
      list.push(f);
      byFile.set(f.file, list);
    }
    for (const f of findings) (f.severity === "error" ? console.error : console.warn)(line(f));
    if (findings.length) log(`${findings.length} problem${findings.length === 1 ? "" : "s"} in the content`);
    else if (saved.length) log(`${saved.join(", ")}: no problems`);
    overlay();
  };
  nuxt.hook("vite:serverCreated", (server, env) => {
    if (env?.isClient) {
      vite = server;
      // A browser that connects after the first lint still gets the current state.
      server.ws.on("connection", () => setTimeout(overlay, 500));
    }
  });
  let started = false;
  nuxt.hook("prepare:types", async () => {
    await recorded;
    if (started) return;
    started = true;
    update([]).then(() => byFile.size || log("content checked: no problems"), (e) => warn(e.message));
    // Saves come in bursts (an editor writes twice, a checkout many): lint them together.
    let pending = new Set();
    let timer;
    for (const folder of folders) {
      try {
        const watcher = watch(folder, { recursive: true }, (_event, name) => {
          if (!name || !/\.md$/i.test(name)) return;
          pending.add(relative(rootDir, join(folder, String(name))));
          clearTimeout(timer);
          timer = setTimeout(() => {
            const saved = [...pending].filter((p) => existsSync(resolve(rootDir, p)));
            pending = new Set();
            update(saved).catch((e) => warn(e.message));
          }, 100);
        });
        nuxt.hook("close", () => watcher.close());
      } catch (e) {
        warn(`cannot watch ${folder}: ${e.message}`);
      }
    }
  });
}

// Read by Nuxt for a module that is a plain function (no @nuxt/kit needed, so pnpm's strict
// layout resolves nothing this package does not ship).
qalintNuxt.getMeta = () => Promise.resolve({ name: "qalint", configKey: "qalint" });
