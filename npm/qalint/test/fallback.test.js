// The WebAssembly fallback (lib/wasm-fallback.js): what it accepts, which files it reads, and,
// with the module built (scripts/build-wasm.sh), a real run and a real fix through the
// launcher where no platform package is installed.
"use strict";

const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { test } = require("node:test");
const { parseArgs, discover } = require("../lib/wasm-fallback.js");

const repo = path.join(__dirname, "..", "..", "..");
// CI runs these again once the module is built, with QALINT_REQUIRE_WASM=1: then they run
// (and fail without it) whatever is on disk.
const wasmBuilt =
  process.env.QALINT_REQUIRE_WASM === "1" || fs.existsSync(path.join(repo, "npm", "wasm", "qalint.wasm"));

function tree(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qalint-fallback-"));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

test("the flags it can honour are taken; any other is a usage error, never ignored", () => {
  assert.deepEqual(parseArgs(["--fix", "--format=json", "content"], {}), {
    paths: ["content"],
    format: "json",
    fix: true,
    unsafeFixes: false,
    version: false,
  });
  assert.equal(parseArgs([], { GITHUB_ACTIONS: "true" }).format, "github");
  assert.deepEqual(parseArgs([], {}).paths, ["."]);
  assert.deepEqual(parseArgs(["--", "--fix"], {}).paths, ["--fix"]);
  assert.throws(() => parseArgs(["--select", "QA001"], {}), /--select is not available in qalint's WebAssembly build/);
  assert.throws(() => parseArgs(["--format", "xml"], {}), /`xml` is not a format/);
});

test("pages are found below the paths, sorted by their bytes, dependencies and build output left out", () => {
  const dir = tree({
    "content/b.md": "",
    "content/B.md": "",
    "content/a/_payload.json": "[]",
    "content/data.yml": "",
    "node_modules/x/readme.md": "",
    ".nuxt/y.md": "",
    ".output/public/_payload.json": "[]",
    "content/qalint.toml": "",
  });
  const { files, configs } = discover(["."], dir);
  assert.deepEqual(files, ["content/B.md", "content/a/_payload.json", "content/b.md"]);
  assert.deepEqual(configs, [path.join(dir, "content", "qalint.toml")]);
  assert.throws(() => discover([".."], dir), /lies outside the current folder/);
  assert.throws(() => discover(["nothing"], dir), /nothing: no such file or folder/);
});

/** A project where `qalint` is installed without its platform package: the launcher and
 * @qalint/wasm as npm lays them out. */
function installed(files) {
  const dir = tree(files);
  const modules = path.join(dir, "node_modules");
  fs.cpSync(path.join(repo, "npm", "qalint"), path.join(modules, "qalint"), { recursive: true });
  fs.cpSync(path.join(repo, "npm", "wasm"), path.join(modules, "@qalint", "wasm"), { recursive: true });
  return dir;
}

function launch(dir, args) {
  const env = { ...process.env, NO_COLOR: "1", GITHUB_ACTIONS: "" };
  delete env.QALINT_BINARY;
  delete env.QALINT_LAUNCHER;
  return spawnSync(process.execPath, [path.join(dir, "node_modules", "qalint", "bin", "qalint.js"), ...args], {
    cwd: dir,
    env,
    encoding: "utf8",
    timeout: 60000,
  });
}

const PAGE = (difficulty) =>
  "---\ntitle: Loops\ndescription: \"Loops.\"\nframework: Python\nframeworkSlug: python\n" +
  `topic: Basics\ntopicSlug: basics\nsubtopic: Loops\ndifficulty: ${difficulty}\norder: 1\n` +
  "updated: 2026-06-18\nseoDescription: \"Loops.\"\nquestions:\n  - id: for\n    difficulty: easy\n" +
  "    q: For?\n    a: A loop.\n---\n";

test("without a platform package the launcher runs the WebAssembly build, and says so once", { skip: !wasmBuilt }, () => {
  const dir = installed({ "qalint.toml": "root = true\n", "content/python/basics/loops.md": PAGE("Hard") });
  const out = launch(dir, ["--format", "concise", "content"]);
  assert.equal(out.status, 1, out.stderr);
  assert.equal(
    out.stdout,
    "content/python/basics/loops.md:9:13: QA003 [bad-difficulty] [*] difficulty `Hard` is not one of easy, medium, hard\n",
  );
  const lines = out.stderr.trimEnd().split("\n");
  assert.match(lines[0], /^qalint: no native qalint for .* is installed here: running qalint's WebAssembly build/);
  assert.equal(lines.filter((l) => l.includes("WebAssembly")).length, 1);
  assert.equal(lines.at(-1), "Found 1 problem in 1 file (1 fixable with --fix).");

  const fixed = launch(dir, ["--fix", "--format", "concise", "content"]);
  assert.equal(fixed.status, 0, fixed.stderr);
  assert.equal(fs.readFileSync(path.join(dir, "content/python/basics/loops.md"), "utf8"), PAGE("hard"));
  assert.match(fixed.stderr, /Fixed 1 problem in 1 file\.\nAll checks passed \(1 file checked\)\.\n$/);
  assert.deepEqual(fs.readdirSync(path.join(dir, "content/python/basics")), ["loops.md"], "no temporary file left");
});

test("what it cannot read as the native binary would, it refuses (exit 2)", { skip: !wasmBuilt }, () => {
  const nuxt = installed({ "nuxt.config.ts": "export default {}\n", "content/a.md": PAGE("easy") });
  const out = launch(nuxt, ["content"]);
  assert.equal(out.status, 2);
  assert.match(out.stderr, /is a Nuxt site: its collections come from the record `nuxi prepare` writes/);
  const flags = launch(nuxt, ["--statistics"]);
  assert.equal(flags.status, 2);
  assert.match(flags.stderr, /--statistics is not available in qalint's WebAssembly build/);
  const nested = installed({ "qalint.toml": "root = true\n", "content/qalint.toml": "", "content/a.md": PAGE("easy") });
  const n = launch(nested, ["content"]);
  assert.equal(n.status, 2);
  assert.match(n.stderr, /content\/qalint.toml: nested qalint.toml files are read by the native binary only/);
});
