// The launcher and the platform lookup, with real executables (/bin/sh is an ELF here) and
// damaged ones: a damaged install never looks like success.
"use strict";

const assert = require("node:assert/strict");
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");
const { test } = require("node:test");
const { checkExecutable, findBinary } = require("../lib/platform.js");

const launcher = path.join(__dirname, "..", "bin", "qalint.js");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "qalint-launcher-"));
const sh = fs.realpathSync("/bin/sh");
const linux = process.platform === "linux";

function launch(binary, args, cwd = dir) {
  return spawnSync(process.execPath, [launcher, ...args], {
    cwd,
    env: { ...process.env, QALINT_BINARY: binary, QALINT_LAUNCHER: "" },
    encoding: "utf8",
    timeout: 20000,
  });
}

test("an empty, truncated or scripted binary is refused before it runs", { skip: !linux }, () => {
  const empty = path.join(dir, "empty");
  fs.writeFileSync(empty, "");
  fs.chmodSync(empty, 0o755);
  assert.throws(() => checkExecutable(empty), /not a qalint binary for linux-\w+ \(it is empty\)/);
  const truncated = path.join(dir, "truncated");
  fs.writeFileSync(truncated, Buffer.from([0x7f, 0x45]));
  assert.throws(() => checkExecutable(truncated), /not an executable of this platform/);
  const script = path.join(dir, "script");
  fs.writeFileSync(script, "#!/bin/sh\nexit 0\n");
  assert.throws(() => checkExecutable(script), /not an executable of this platform/);
  assert.equal(checkExecutable(sh), sh);
  // The ELF magic and then a script: the system would run it with /bin/sh (ENOEXEC).
  const disguised = path.join(dir, "disguised");
  fs.writeFileSync(disguised, Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.from("\ntouch pwned\n")]));
  fs.chmodSync(disguised, 0o755);
  assert.throws(() => checkExecutable(disguised), /not an executable of this platform/);
  // A real ELF of another machine, or of this one taken for another architecture.
  const other = fs.readFileSync(sh);
  other.writeUInt16LE(other.readUInt16LE(18) === 62 ? 183 : 62, 18);
  const foreign = path.join(dir, "foreign");
  fs.writeFileSync(foreign, other);
  assert.throws(() => checkExecutable(foreign), /not an executable of this platform/);
  assert.throws(() => checkExecutable(sh, "linux", process.arch === "x64" ? "arm64" : "x64"), /not a qalint binary for linux-/);
  const run = launch(empty, ["--version"]);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /qalint: error: QALINT_BINARY is .*empty: .*it is empty/);
});

test("QALINT_BINARY is resolved once, against the current folder; a folder is refused", () => {
  fs.mkdirSync(path.join(dir, "qalint"), { recursive: true });
  assert.throws(() => findBinary({ QALINT_BINARY: "qalint" }, dir), /QALINT_BINARY is qalint: .*\/qalint is not a file/);
  fs.copyFileSync(sh, path.join(dir, "sh-copy"));
  assert.equal(findBinary({ QALINT_BINARY: "sh-copy" }, dir), path.join(dir, "sh-copy"));
  const started = Date.now();
  const run = launch("qalint", ["--version"]);
  assert.equal(run.status, 2);
  assert.ok(Date.now() - started < 10000, "no chain of launchers");
});

test("a launcher started by itself stops at once", () => {
  const run = spawnSync(process.execPath, [launcher, "--version"], {
    env: { ...process.env, QALINT_LAUNCHER: "1" },
    encoding: "utf8",
  });
  assert.equal(run.status, 2);
  assert.match(run.stderr, /runs this launcher again/);
});

test("a child killed by any signal gives 128 + its number, never 0", { skip: !linux }, () => {
  for (const [signal, number] of [["PIPE", 13], ["USR1", 10], ["SEGV", 11], ["TERM", 15]]) {
    const run = launch(sh, ["-c", `kill -${signal} $$`]);
    assert.equal(run.status, 128 + number, `SIG${signal}: ${run.stderr}`);
  }
  assert.equal(launch(sh, ["-c", "exit 3"]).status, 3);
});

test("the packages the launcher looks for are the rows of npm/platforms.json", () => {
  const { candidates } = require("../lib/platform.js");
  const { platforms } = require("../../platforms.json");
  const rows = new Set(platforms.map((p) => `@qalint/cli-${p.key}`));
  const seen = new Set();
  for (const [platform, arch, c] of [
    ["linux", "x64", "glibc"], ["linux", "x64", "musl"], ["linux", "arm64", "glibc"],
    ["linux", "arm64", "musl"], ["darwin", "x64", null], ["darwin", "arm64", null],
    ["win32", "x64", null], ["win32", "arm64", null],
  ]) {
    for (const name of candidates(platform, arch, c)) {
      assert.ok(rows.has(name), `${platform}-${arch}: ${name} is no row`);
      seen.add(name);
    }
  }
  assert.deepEqual([...rows].filter((r) => !seen.has(r)), [], "every row is looked for somewhere");
  const main = require("../package.json");
  // And the WebAssembly build, the fallback where no platform package runs.
  assert.deepEqual(Object.keys(main.optionalDependencies).sort(), [...rows, "@qalint/wasm"].sort());
});
