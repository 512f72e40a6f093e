// `qalint` where no native binary runs (no platform package for this machine; StackBlitz and
// other WebContainers, which run Node but no native executable): the same engine, built to
// WebAssembly (@qalint/wasm), run over the pages named. It checks each page on its own, so
// what needs the whole site (the cross-file rules, the cache, a Nuxt site's recorded
// collections, nested qalint.toml files, .gitignore) is not there: it says so once, and stops
// (exit 2) rather than guess where the native binary would read more than it can.
"use strict";

const fs = require("fs");
const path = require("path");

/** Folders never walked: dependencies, git's own, and Nuxt's build output and caches. */
const SKIPPED = new Set(["node_modules", ".git", ".nuxt", ".output", ".data", "dist"]);
const FORMATS = ["pretty", "concise", "json", "github", "sarif"];
const CONFIG_FILE = "qalint.toml";
const NUXT_CONFIGS = ["nuxt.config.ts", "nuxt.config.js", "nuxt.config.mjs", "nuxt.config.mts"];

class UsageError extends Error {}

/** What the command line asks, as far as this build can do it; a flag it cannot honour is a
 * usage error (exit 2), never ignored. */
function parseArgs(argv, env = process.env) {
  const options = {
    paths: [],
    format: env.GITHUB_ACTIONS === "true" ? "github" : "pretty",
    fix: false,
    unsafeFixes: false,
    version: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--") {
      options.paths.push(...argv.slice(i + 1));
      break;
    } else if (arg === "--fix") {
      options.fix = true;
    } else if (arg === "--unsafe-fixes") {
      options.unsafeFixes = true;
    } else if (arg === "--no-cache") {
      // Nothing is cached here.
    } else if (arg === "--version" || arg === "-V") {
      options.version = true;
    } else if (arg === "--format" || arg.startsWith("--format=")) {
      const value = arg === "--format" ? argv[++i] : arg.slice("--format=".length);
      if (!FORMATS.includes(value)) {
        throw new UsageError(`\`${value}\` is not a format (${FORMATS.join(", ")})`);
      }
      options.format = value;
    } else if (arg.startsWith("-") && arg !== "-") {
      throw new UsageError(
        `${arg} is not available in qalint's WebAssembly build (only --fix, --unsafe-fixes, ` +
          "--format and --no-cache are): run qalint where its native binary runs",
      );
    } else {
      options.paths.push(arg);
    }
  }
  if (options.paths.length === 0) options.paths.push(".");
  return options;
}

/** `path` relative to `cwd` with `/`, or null when it lies outside. */
function below(cwd, file) {
  const rel = path.relative(cwd, file);
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join("/");
}

/** The pages below `paths` (relative to `cwd`, sorted by their bytes, as the binary orders
 * files): Markdown files and `_payload.json`, links not followed. Also the `qalint.toml` files
 * met on the way. */
function discover(paths, cwd) {
  const files = [];
  const configs = [];
  const visit = (abs) => {
    let stat;
    try {
      stat = fs.lstatSync(abs);
    } catch (error) {
      throw new UsageError(`${path.relative(cwd, abs) || "."}: ${error.code === "ENOENT" ? "no such file or folder" : error.message}`);
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(abs)) {
        if (SKIPPED.has(entry)) continue;
        const child = path.join(abs, entry);
        if (entry === CONFIG_FILE) configs.push(child);
        visit(child);
      }
    } else if (stat.isFile() && (abs.endsWith(".md") || path.basename(abs) === "_payload.json")) {
      files.push(abs);
    }
  };
  for (const p of paths) {
    const abs = path.resolve(cwd, p);
    if (below(cwd, abs) === null && abs !== cwd) {
      throw new UsageError(`${p} lies outside the current folder: run qalint from a folder above it`);
    }
    visit(abs);
  }
  const rels = [...new Set(files.map((f) => below(cwd, f)).filter((f) => f !== null))];
  rels.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return { files: rels, configs };
}

/** The `qalint.toml` in force (the nearest at or above `cwd`, up to the git work tree's top),
 * or null. */
function findConfig(cwd) {
  for (let dir = cwd; ; dir = path.dirname(dir)) {
    const file = path.join(dir, CONFIG_FILE);
    if (fs.existsSync(file)) return file;
    if (fs.existsSync(path.join(dir, ".git")) || path.dirname(dir) === dir) return null;
  }
}

/** A page's text, or its bytes when they are not UTF-8 (the module says where they stop). */
function readPage(cwd, rel) {
  const bytes = fs.readFileSync(path.join(cwd, rel));
  try {
    new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    return { path: rel, text: bytes.toString("utf8") };
  } catch {
    return { path: rel, bytes };
  }
}

/** Writes `text` over `rel` through a temporary file and a rename, only if the file still
 * holds `before` and is no link. */
function writeFixed(cwd, rel, before, text) {
  const file = path.join(cwd, rel);
  const stat = fs.lstatSync(file);
  if (!stat.isFile()) throw new Error("it is no longer a regular file");
  if (fs.readFileSync(file, "utf8") !== before) throw new Error("it changed on disk since it was checked");
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.qalint-${process.pid}`);
  fs.writeFileSync(temp, text, { mode: stat.mode & 0o777, flag: "wx" });
  try {
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}

/** Runs `argv` through the WebAssembly build: returns the exit code (0 clean, 1 findings, 2
 * usage or internal error). `loadWasm` gives the module (`import("@qalint/wasm")`). */
async function main(argv, { cwd, env, stdout, stderr, loadWasm, version, why }) {
  let options;
  try {
    options = parseArgs(argv, env);
  } catch (error) {
    stderr.write(`qalint: error: ${error.message}\n`);
    return 2;
  }
  if (options.version) {
    stdout.write(`qalint ${version}\n`);
    return 0;
  }
  stderr.write(
    `qalint: ${why}: running qalint's WebAssembly build, which checks each page on its own ` +
      "(no cross-file rules, no cache, no Nuxt records, no .gitignore)\n",
  );
  try {
    const configFile = findConfig(cwd);
    const config = configFile === null ? undefined : fs.readFileSync(configFile, "utf8");
    const root = configFile === null ? cwd : path.dirname(configFile);
    if (NUXT_CONFIGS.some((f) => fs.existsSync(path.join(root, f))) && !(config || "").includes("[[collection]]")) {
      throw new UsageError(
        `${root} is a Nuxt site: its collections come from the record \`nuxi prepare\` writes, ` +
          "which only the native binary reads. Declare them as [[collection]] tables in qalint.toml, " +
          "or run qalint where its native binary runs",
      );
    }
    const { files, configs } = discover(options.paths, cwd);
    const nested = configs.filter((c) => c !== configFile);
    if (nested.length > 0) {
      throw new UsageError(
        `${path.relative(cwd, nested[0])}: nested qalint.toml files are read by the native binary only`,
      );
    }
    const pages = files.map((rel) => readPage(cwd, rel));
    const wasm = await loadWasm();
    await wasm.init();
    const answer = wasm.run({
      pages,
      format: options.format,
      fix: options.fix,
      unsafeFixes: options.unsafeFixes,
      config,
    });
    let failed = false;
    for (const f of answer.fixed) {
      const before = pages.find((p) => p.path === f.path);
      try {
        writeFixed(cwd, f.path, before.text, f.text);
      } catch (error) {
        failed = true;
        stderr.write(`qalint: ${f.path} not fixed: ${error.message}\n`);
      }
    }
    for (const f of answer.notFixed) {
      stderr.write(`qalint: ${f.path} not fixed: ${f.error}\n`);
    }
    stdout.write(answer.output);
    if (answer.fixedSummary && !failed) stderr.write(`${answer.fixedSummary}\n`);
    if (answer.summary) stderr.write(`${answer.summary}\n`);
    // A fix that could not be written leaves the files other than reported: fail closed.
    if (failed) return 2;
    return answer.errors > 0 ? 1 : 0;
  } catch (error) {
    stderr.write(`qalint: error: ${error.message}\n`);
    return 2;
  }
}

module.exports = { main, parseArgs, discover, findConfig, UsageError };
