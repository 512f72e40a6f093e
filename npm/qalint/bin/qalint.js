#!/usr/bin/env node
// `qalint` from npm: runs the prebuilt binary of the platform package npm installed beside
// this one. Arguments, standard streams, the exit code and signals pass straight through;
// nothing is linted here.
"use strict";

const { spawn } = require("child_process");
const os = require("os");
const path = require("path");
const { pathToFileURL } = require("url");
const { findBinary, packageDir } = require("../lib/platform.js");

/** Runs the WebAssembly build instead (lib/wasm-fallback.js), when @qalint/wasm is installed:
 * false when it is not. */
function fallBack(why) {
  const wasm = packageDir("@qalint/wasm");
  if (!wasm) return false;
  const { main } = require("../lib/wasm-fallback.js");
  main(process.argv.slice(2), {
    cwd: process.cwd(),
    env: process.env,
    stdout: process.stdout,
    stderr: process.stderr,
    loadWasm: () => import(pathToFileURL(path.join(wasm, "index.js")).href),
    version: require("../package.json").version,
    why,
  }).then((code) => {
    // Not process.exit: standard output is flushed first.
    process.exitCode = code;
  });
  return true;
}

// A QALINT_BINARY that leads back here would start launchers without end.
if (process.env.QALINT_LAUNCHER) {
  process.stderr.write("qalint: error: QALINT_BINARY runs this launcher again, not a qalint binary\n");
  process.exit(2);
}

// A WebContainer (StackBlitz) runs Node and no native executable.
const webcontainer = Boolean(process.versions.webcontainer) && !process.env.QALINT_BINARY;
let binary;
try {
  binary = webcontainer ? null : findBinary();
} catch (error) {
  // Only where no platform package fits: a damaged binary or a wrong QALINT_BINARY stops.
  const here = `no native qalint for ${process.platform}-${process.arch} is installed here`;
  if (!(error.code === "QALINT_NO_PACKAGE" && fallBack(here))) {
    process.stderr.write(`qalint: error: ${error.message}\n`);
    process.exit(2);
  }
}
if (webcontainer && !fallBack("native executables do not run in this WebContainer")) {
  process.stderr.write(
    "qalint: error: native executables do not run in this WebContainer: install @qalint/wasm " +
      "to run qalint's WebAssembly build\n",
  );
  process.exit(2);
}

if (binary) {
  run(binary);
}

/** Runs the native binary, passing arguments, streams, the exit code and signals through. */
function run(binary) {
  const child = spawn(binary, process.argv.slice(2), {
    stdio: "inherit",
    windowsHide: true,
    env: { ...process.env, QALINT_LAUNCHER: "1" },
  });

  // A signal sent to this process (a CI runner's SIGTERM, a `kill`) goes on to qalint; the
  // terminal's Ctrl-C reaches both anyway. The handlers also keep Node from dying first.
  const forwarded = ["SIGINT", "SIGTERM", "SIGHUP", "SIGQUIT"].filter(
    (s) => process.platform !== "win32" || s === "SIGINT",
  );
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill(signal);
    }
  };
  for (const signal of forwarded) {
    process.on(signal, forward);
  }

  child.on("error", (error) => {
    const why =
      error.code === "EACCES"
        ? `${binary} is not executable (chmod +x it)`
        : `cannot run ${binary}: ${error.message}`;
    process.stderr.write(`qalint: error: ${why}\n`);
    process.exit(2);
  });

  child.on("exit", (code, signal) => {
    if (signal) {
      // 128 + the signal's number, as a shell says it: never 0. (Raising the signal here would
      // not do: Node ignores SIGPIPE, and SIGUSR1 opens its inspector.)
      const number = os.constants.signals[signal];
      process.exit(number ? 128 + number : 2);
    }
    process.exit(code ?? 2);
  });
}
