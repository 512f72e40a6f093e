#!/usr/bin/env node
// `qalint` from npm: runs the prebuilt binary of the platform package npm installed beside
// this one. Arguments, standard streams, the exit code and signals pass straight through;
// nothing is linted here.
"use strict";

const { spawn } = require("child_process");
const { findBinary } = require("../lib/platform.js");

let binary;
try {
  binary = findBinary();
} catch (error) {
  process.stderr.write(`qalint: error: ${error.message}\n`);
  process.exit(2);
}

const child = spawn(binary, process.argv.slice(2), { stdio: "inherit", windowsHide: true });

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
    // Die of the same signal, so whoever ran `qalint` sees what qalint saw.
    for (const s of forwarded) {
      process.removeListener(s, forward);
    }
    process.kill(process.pid, signal);
    return;
  }
  process.exit(code ?? 2);
});
