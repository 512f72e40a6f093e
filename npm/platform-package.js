#!/usr/bin/env node
// Writes the package.json of one platform package of `qalint` (@qalint/cli-KEY) from the one
// table, npm/platforms.json, for scripts/npm-pack.sh and the release workflow (as biome
// generates its platform packages): no platform package.json is kept by hand.
//   node npm/platform-package.js KEY VERSION OUT_DIR   (prints the binary's file name)
"use strict";

const fs = require("fs");
const path = require("path");

const { platforms } = require("./platforms.json");

/** The manifest of the platform package `key` at `version`. */
function manifest(key, version) {
  const row = platforms.find((p) => p.key === key);
  if (!row) throw new Error(`no platform ${key} in npm/platforms.json`);
  return {
    name: `@qalint/cli-${row.key}`,
    version,
    description: `The qalint binary for ${row.label}. Installed by the \`qalint\` package; not meant to be installed alone.`,
    license: "MIT",
    repository: {
      type: "git",
      url: "git+https://github.com/qalint/qalint.git",
      directory: "npm/platforms.json",
    },
    os: [row.os],
    cpu: [row.cpu],
    ...(row.libc ? { libc: [row.libc] } : {}),
    files: [row.binary],
    preferUnplugged: true,
    publishConfig: { access: "public", provenance: true },
    qalint: { target: row.target, binary: row.binary },
  };
}

module.exports = { platforms, manifest };

if (require.main === module) {
  const [key, version, out] = process.argv.slice(2);
  if (!key || !version || !out) {
    process.stderr.write("usage: node npm/platform-package.js KEY VERSION OUT_DIR\n");
    process.exit(2);
  }
  const m = manifest(key, version);
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, "package.json"), `${JSON.stringify(m, null, 2)}\n`);
  process.stdout.write(`${m.qalint.binary}\n`);
}
