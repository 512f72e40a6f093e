#!/usr/bin/env node
// `qalint` from npm: runs the prebuilt binary of the platform package npm installed beside
// this one. Arguments, standard streams, the exit code and signals pass straight through;
// nothing is linted here.
"use strict";

const { spawn } = require("child_process");
const os = require("os");
const { findBinary } = require("../lib/platform.js");

// A QALINT_BINARY that leads back here would start launchers without end.
if (process.env.QALINT_LAUNCHER) {
  process.stderr.write("qalint: error: QALINT_BINARY runs this launcher again, not a qalint binary\n");
  process.exit(2);
}

let binary;
try {
  binary = findBinary();
} catch (error) {
  process.stderr.write(`qalint: error: ${error.message}\n`);
  process.exit(2);
}

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
