import assert from "node:assert/strict";
import { test } from "node:test";
import { lint, runQalint } from "../src/run.mjs";
import { fakeBinary, finding } from "./helpers.mjs";

const opts = { cwd: process.cwd(), timeoutMs: 5000 };

test("a clean answer: exit 0 with a list, or exit 1 with findings", async () => {
  const clean = fakeBinary(`process.stdout.write("[]\\n")`);
  assert.deepEqual(await lint(clean, ["content"], opts), { ok: true, findings: [], suppressed: 0 });
  const one = finding("content/a.md", 3);
  const found = fakeBinary(`process.stdout.write(${JSON.stringify(JSON.stringify([one]))}); process.exitCode = 1`);
  assert.deepEqual(await lint(found, ["content"], opts), { ok: true, findings: [one], suppressed: 0 });
});

test("what qalint-suppressions.json kept out is counted, as the binary says it", async () => {
  const bin = fakeBinary(`process.stdout.write("[]"); process.stderr.write("3 findings suppressed by qalint-suppressions.json.\\n");`);
  assert.deepEqual(await lint(bin, ["content"], {}), { ok: true, findings: [], suppressed: 3 });
  const none = fakeBinary(`process.stdout.write("[]");`);
  assert.deepEqual(await lint(none, ["content"], {}), { ok: true, findings: [], suppressed: 0 });
});

test("a severity qalint does not write is no answer: the gate fails closed", async () => {
  const odd = { ...finding("content/a.md", 3), severity: "fatal" };
  const bin = fakeBinary(`process.stdout.write(${JSON.stringify(JSON.stringify([odd]))}); process.exitCode = 1`);
  const answer = await lint(bin, ["content"], {});
  assert.equal(answer.ok, false);
  assert.match(answer.why, /qalint's output is not a list of findings: .*"severity":"fatal"/);
});

test("paths come after --, so a folder name is never an option", async () => {
  const echo = fakeBinary(`process.stdout.write(JSON.stringify([])); require("fs").writeFileSync(process.env.OUT, JSON.stringify(args))`);
  const out = `${process.env.TMPDIR || "/tmp"}/qalint-args-${process.pid}.json`;
  process.env.OUT = out;
  await lint(echo, ["-oREADME.md"], opts);
  const { readFileSync } = await import("node:fs");
  assert.deepEqual(JSON.parse(readFileSync(out, "utf8")), ["--format", "json", "--", "-oREADME.md"]);
});

test("a missing binary is a failure that names it", async () => {
  const got = await lint("/nonexistent/qalint", ["content"], opts);
  assert.equal(got.ok, false);
  assert.match(got.why, /\/nonexistent\/qalint does not exist/);
});

test("exit 2 is a failure with qalint's own message", async () => {
  const bin = fakeBinary(`console.error("qalint: error: sub/qalint.toml: expected a table"); process.exit(2)`);
  const got = await lint(bin, ["content"], opts);
  assert.equal(got.ok, false);
  assert.equal(got.why, "qalint exited with code 2: qalint: error: sub/qalint.toml: expected a table");
});

test("death by a signal is a failure", async () => {
  const bin = fakeBinary(`process.kill(process.pid, "SIGSEGV")`);
  const got = await lint(bin, ["content"], opts);
  assert.deepEqual([got.ok, got.why], [false, "qalint was killed by SIGSEGV"]);
});

test("no output, or output that is not a list of findings, is a failure", async () => {
  for (const [body, why] of [
    [``, /not JSON/],
    [`process.stdout.write("Segmentation fault")`, /not JSON/],
    [`process.stdout.write("{}")`, /not a list of findings/],
    [`process.stdout.write('[{"file": 1}]')`, /not a list of findings/],
    [`process.stdout.write("[]"); process.exitCode = 1`, /exited with code 1 but reported no finding/],
  ]) {
    const got = await lint(fakeBinary(body), ["content"], opts);
    assert.equal(got.ok, false, body);
    assert.match(got.why, why, body);
  }
});

test("a hung qalint is killed after the timeout and is a failure, even when a child of its holds its output open", async () => {
  for (const body of [
    `setInterval(() => {}, 1000)`,
    `require("child_process").spawn("sleep", ["30"], { stdio: "inherit", detached: true }).unref(); setInterval(() => {}, 1000)`,
  ]) {
    const started = Date.now();
    const got = await lint(fakeBinary(body), ["content"], { cwd: process.cwd(), timeoutMs: 300 });
    assert.equal(got.ok, false);
    assert.match(got.why, /no answer in 0.3 s/);
    assert.ok(Date.now() - started < 4000);
  }
});

test("a child that exits before reading its input never crashes the caller (EPIPE)", async () => {
  const bin = fakeBinary(`process.exit(0)`);
  for (let i = 0; i < 10; i++) {
    const got = await runQalint(bin, [], { input: "x".repeat(4 << 20) });
    assert.equal(got.ok, true);
    assert.equal(got.code, 0);
  }
});

test("output is decoded once: a character split between two writes stays whole", async () => {
  const bin = fakeBinary(`
    const text = Buffer.from(JSON.stringify([{...${JSON.stringify(finding("content/é.md", 1))}, message: "Café"}]));
    const cut = text.indexOf(Buffer.from("é")) + 1;
    process.stdout.write(text.subarray(0, cut), () => setTimeout(() => { process.stdout.write(text.subarray(cut)); process.exitCode = 1; }, 50));`);
  const got = await lint(bin, ["content"], opts);
  assert.equal(got.ok, true);
  assert.equal(got.findings[0].file, "content/é.md");
  assert.equal(got.findings[0].message, "Café");
});

test("output past the bound is a failure, not a string Node cannot hold", async () => {
  const bin = fakeBinary(`const chunk = "x".repeat(1 << 20); let i = 0; const w = () => { while (i++ < 8) if (!process.stdout.write(chunk)) return process.stdout.once("drain", w); }; w();`);
  const got = await runQalint(bin, [], { maxOutput: 2 << 20 });
  assert.equal(got.ok, false);
  assert.match(got.why, /more than 2 MB/);
});
