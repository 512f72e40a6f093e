import assert from "node:assert/strict";
import { test } from "node:test";
import { BuildStop, gate } from "../src/gate.mjs";
import { finding, recorder } from "./helpers.mjs";

const answer = (findings) => async () => ({ ok: true, findings });
const warning = (file, line) => ({ ...finding(file, line), severity: "warning", code: "QA007", rule: "unlabeled-code-fence" });

test("errors stop the build with one message and no stack into the module", async () => {
  const out = recorder();
  const stop = await gate({ lintContent: answer([finding("content/a.md", 3), finding("content/b.md", 4)]), out }).catch((e) => e);
  assert.ok(stop instanceof BuildStop);
  assert.equal(
    stop.message,
    "qalint found 2 problems (2 errors, 0 warnings) in the content: the build stops. Fix them (`npx qalint --fix` repairs the trivial ones), record them with `npx qalint --suppress-all` to fix them page by page, or set `qalint: { failOn: false }` in nuxt.config.",
  );
  assert.equal(stop.stack, `QalintBuildStop: ${stop.message}`);
  assert.deepEqual(out.lines, [
    "E content/a.md:3:1: QA001 [schema] problem at 3",
    "E content/b.md:4:1: QA001 [schema] problem at 4",
  ]);
});

test("a clean answer says what qalint-suppressions.json kept out", async () => {
  const out = recorder();
  await gate({ lintContent: async () => ({ ok: true, findings: [], suppressed: 12 }), out });
  assert.deepEqual(out.lines, ["I content checked: no problems (12 more suppressed by qalint-suppressions.json)"]);
});

test("failOn: false builds and counts errors as errors", async () => {
  const out = recorder();
  await gate({ lintContent: answer([finding("content/a.md", 3), finding("content/b.md", 4)]), failOn: false, out });
  assert.equal(out.lines.at(-1), "I 2 problems (2 errors, 0 warnings) in the content; building");
});

test("warnings stop only with failOn: 'warning', and are hidden with warnings: false", async () => {
  const out = recorder();
  await gate({ lintContent: answer([warning("content/a.md", 5)]), out });
  assert.deepEqual(out.take(), [
    "W content/a.md:5:1: warning: QA007 [unlabeled-code-fence] problem at 5",
    "I 1 problem (0 errors, 1 warning) in the content; building",
  ]);
  await assert.rejects(gate({ lintContent: answer([warning("content/a.md", 5)]), failOn: "warning", out }), BuildStop);
  out.take();
  await gate({ lintContent: answer([warning("content/a.md", 5)]), warnings: false, out });
  assert.deepEqual(out.take(), ["I 1 problem (0 errors, 1 warning) in the content; building"]);
});

test("anything but a clean answer stops the build (fail closed), unless failOn is false", async () => {
  const failed = async () => ({ ok: false, why: "qalint was killed by SIGKILL" });
  const stop = await gate({ lintContent: failed, out: recorder() }).catch((e) => e);
  assert.ok(stop instanceof BuildStop);
  assert.equal(
    stop.message,
    "qalint could not check the content, so the build stops: qalint was killed by SIGKILL. Set `qalint: { failOn: false }` in nuxt.config to build without it.",
  );
  const out = recorder();
  await gate({ lintContent: failed, failOn: false, out });
  assert.deepEqual(out.lines, ["W qalint could not check the content: qalint was killed by SIGKILL (failOn: false: building anyway)"]);
});

test("a page's text never reaches the terminal raw", async () => {
  const out = recorder();
  const evil = { ...finding("content/a.md", 1), message: "title: \u001b]0;pwned\u0007 \u001b[2J\nforged line" };
  await gate({ lintContent: answer([evil]), failOn: false, out });
  assert.equal(out.lines[0], "E content/a.md:1:1: QA001 [schema] title: \\u{1b}]0;pwned\\u{7} \\u{1b}[2J\\nforged line");
});

test("in GitHub Actions each finding is an annotation too, escaped as the real @actions/core escapes it", async () => {
  const { readFileSync } = await import("node:fs");
  // The first line the real @actions/core printed for fixtures/github (annotate.mjs).
  const expected = readFileSync(new URL("../../../fixtures/github/expected-findings.txt", import.meta.url), "utf8").split("\n")[0];
  const f = {
    file: "go/a,b/100%/odd:name.md", line: 9, end_line: 9, column: 13, end_column: 17, severity: "error",
    code: "QA003", rule: "bad-difficulty", message: "difficulty `Hard` is not one of easy, medium, hard",
  };
  const out = recorder();
  // The site is the repository's content/ folder here: the annotation names the file from the top.
  const github = { rootDir: "/repo/content", workspace: "/repo" };
  await gate({ lintContent: answer([f, { ...f, severity: "warning", message: "two\nlines\u001b[31m" }]), failOn: false, out, github });
  assert.deepEqual(out.lines.slice(0, 4), [
    "E go/a,b/100%/odd:name.md:9:13: QA003 [bad-difficulty] difficulty `Hard` is not one of easy, medium, hard",
    `A ${expected}`,
    "W go/a,b/100%/odd:name.md:9:13: warning: QA003 [bad-difficulty] two\\nlines\\u{1b}[31m",
    "A ::warning title=QA003 (bad-difficulty),file=content/go/a%2Cb/100%25/odd%3Aname.md,line=9,endLine=9,col=13,endColumn=17::two%0Alines\\u{1b}[31m",
  ]);
  const plain = recorder();
  await gate({ lintContent: answer([f]), failOn: false, out: plain });
  assert.equal(plain.lines.length, 2, "no annotation outside GitHub Actions");
});
