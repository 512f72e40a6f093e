// What @qalint/nuxt's build gate adds to `nuxi build`/`generate`: the gate (npm/nuxt/src/gate.mjs,
// the module's own code, with the real binary) timed on a generated corpus, next to the binary
// alone on the same corpus. A benchmark, not a test: medians of N runs, no cache (a CI build).
//   node bench/nuxt-gate.mjs CORPUS BINARY [N]
// CORPUS: `cargo run --release --example gen_corpus -- 10000 CORPUS`.
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { contentLinter } from "../npm/nuxt/src/findings.mjs";
import { gate } from "../npm/nuxt/src/gate.mjs";

const [corpus, binary, count = "7"] = process.argv.slice(2).map((a, i) => (i < 2 ? resolve(a) : a));
process.env.QALINT_NO_CACHE = "1";
const quiet = { error() {}, warn() {}, info() {} };
const lintContent = contentLinter({ binary: () => binary, rootDir: corpus, folders: () => ["content"], timeoutMs: 0 });
const times = { gate: [], binary: [] };
let findings = 0;
for (let i = 0; i < Number(count); i++) {
  let start = performance.now();
  await gate({ lintContent: async () => {
    const answer = await lintContent();
    findings = answer.ok ? answer.findings.length : -1;
    return answer;
  }, failOn: false, out: quiet });
  times.gate.push(performance.now() - start);
  start = performance.now();
  spawnSync(binary, ["--format", "json", "--", "content"], { cwd: corpus, stdio: "ignore" });
  times.binary.push(performance.now() - start);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`the build gate: median ${median(times.gate).toFixed(0)} ms (${findings} findings); ` +
  `the binary alone: ${median(times.binary).toFixed(0)} ms (${count} runs each)`);
