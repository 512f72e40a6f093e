import assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DevLoop } from "../src/dev.mjs";
import { finding, recorder, tmp } from "./helpers.mjs";

function fakeVite() {
  const sent = [];
  const listeners = [];
  return { sent, ws: { send: (m) => sent.push(m), on: (_e, fn) => listeners.push(fn) }, connect: () => listeners.forEach((f) => f()) };
}

/** A lintContent that answers from a list, one answer a call. */
function answers(...lists) {
  let i = 0;
  return async () => ({ ok: true, findings: lists[Math.min(i++, lists.length - 1)] });
}

test("start prints every finding; a save prints what changed and one summary", async () => {
  const a3 = finding("content/a.md", 3);
  const b4 = finding("content/b.md", 4, "QA005");
  const c1 = finding("content/c.md", 1, "QA005");
  const out = recorder();
  const loop = new DevLoop({ lintContent: answers([a3, b4], [c1]), rootDir: "/site", out });
  await loop.start();
  assert.deepEqual(out.take(), [
    "E content/a.md:3:1: QA001 [schema] problem at 3",
    "E content/b.md:4:1: QA005 [order-gap] problem at 4",
    "I 2 problems (2 errors, 0 warnings) in the content",
  ]);
  await loop.saved("/site/content/a.md");
  assert.deepEqual(out.take(), [
    "I content/a.md: no problems (1 fixed)",
    "E new: content/c.md:1:1: QA005 [order-gap] problem at 1",
    "I fixed: content/b.md:4:1: QA005 [order-gap] problem at 4",
    "I 1 problem (1 error, 0 warnings) in the content",
  ]);
});

test("lints never overlap, and saves during one are linted together after it", async () => {
  let active = 0;
  let most = 0;
  let calls = 0;
  const answersInOrder = [[finding("content/a.md", 1)], [finding("content/a.md", 2)], []];
  const lintContent = async () => {
    active++;
    most = Math.max(most, active);
    const mine = answersInOrder[Math.min(calls++, 2)];
    await new Promise((r) => setTimeout(r, calls === 1 ? 80 : 5));
    active--;
    return { ok: true, findings: mine };
  };
  const out = recorder();
  const loop = new DevLoop({ lintContent, rootDir: "/site", out });
  const first = loop.start();
  loop.saved("/site/content/a.md");
  loop.saved("/site/content/b.md");
  await first;
  await loop.running;
  assert.equal(most, 1);
  assert.equal(calls, 2, "two saves during the first lint make one more lint");
  assert.deepEqual(loop.previous, [finding("content/a.md", 2)], "the newest answer wins");
});

test("the overlay shows the saved page's error first, with its help, a code frame, then clears", async () => {
  const root = join(tmp, "site-overlay");
  mkdirSync(join(root, "content"), { recursive: true });
  writeFileSync(join(root, "content/b.md"), "---\ntitle: B\nseoDescripton: x\n---\n");
  const a1 = finding("content/a.md", 1);
  const b3 = { ...finding("content/b.md", 3), help: "did you mean `seoDescription`?" };
  const vite = fakeVite();
  const loop = new DevLoop({ lintContent: answers([a1, b3], [a1, b3], []), rootDir: root, out: recorder() });
  loop.attach(vite);
  await loop.start();
  assert.equal(vite.sent.at(-1).err.loc.file, join(root, "content/a.md"), "at start: the first error of the site");
  await loop.saved(join(root, "content/b.md"));
  const { err } = vite.sent.at(-1);
  assert.equal(err.message, "QA001 [schema] problem at 3\nhelp: did you mean `seoDescription`?\n(1 more error in the content: see the terminal)");
  assert.deepEqual(err.loc, { file: join(root, "content/b.md"), line: 3, column: 1 });
  assert.equal(err.frame, "1 | ---\n2 | title: B\n3 | seoDescripton: x\n  | ^\n4 | ---");
  vite.connect();
  assert.deepEqual(vite.sent.at(-1).err, err, "a browser that connects later gets the same error");
  await loop.saved(join(root, "content/b.md"));
  assert.deepEqual(vite.sent.at(-1), { type: "update", updates: [] });
});

test("overlay: false sends nothing to the browser; warnings: false prints errors only", async () => {
  const vite = fakeVite();
  const out = recorder();
  const warn = { ...finding("content/a.md", 2), severity: "warning" };
  const loop = new DevLoop({ lintContent: answers([finding("content/a.md", 1), warn]), rootDir: "/site", out, overlay: false, warnings: false });
  loop.attach(vite);
  await loop.start();
  assert.deepEqual(vite.sent, []);
  assert.deepEqual(out.lines, ["E content/a.md:1:1: QA001 [schema] problem at 1", "I 2 problems (1 error, 1 warning) in the content"]);
});

test("a failed lint is said in the terminal and in the overlay", async () => {
  const vite = fakeVite();
  const out = recorder();
  const loop = new DevLoop({ lintContent: async () => ({ ok: false, why: "/x/qalint does not exist" }), rootDir: "/site", out });
  loop.attach(vite);
  await loop.start();
  assert.deepEqual(out.lines, ["E qalint could not check the content: /x/qalint does not exist"]);
  assert.equal(vite.sent.at(-1).err.message, "qalint could not check the content: /x/qalint does not exist");
});
