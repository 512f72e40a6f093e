import assert from "node:assert/strict";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { CollectionsError } from "../src/collections.mjs";
import { BuildStop } from "../src/gate.mjs";
import { defaults, setupQalint, underNuxiCommand } from "../src/setup.mjs";
import { answering, fakeBinary, fakeNuxt, finding, recorder, tmp } from "./helpers.mjs";

const root = join(tmp, "site-setup");
mkdirSync(join(root, "content"), { recursive: true });
const manifest = {
  collections: [
    { name: "qa", type: "page", source: [{ cwd: join(root, "content"), include: "**/*.md", exclude: [] }], extendedSchema: { type: "object" } },
    { name: "hidden", type: "page", private: true, source: [], extendedSchema: { type: "object" } },
  ],
};
const env = (binary, extra = {}) => ({ findBinary: () => binary, contentVersion: "3.16.1", logger: recorder(), ...extra });

test("the collections Nuxt Content resolved are recorded by `qalint nuxt-collections`", async () => {
  const seen = join(tmp, "recorded.json");
  const bin = fakeBinary(`let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => require("fs").writeFileSync(${JSON.stringify(seen)}, JSON.stringify({ args, body: JSON.parse(s) })));`);
  const nuxt = fakeNuxt({ rootDir: root, manifest, prepare: true });
  setupQalint(defaults, nuxt, env(bin));
  await nuxt.callHook("modules:done");
  const { args, body } = JSON.parse(readFileSync(seen, "utf8"));
  assert.deepEqual(args, ["nuxt-collections", "--root", root]);
  assert.deepEqual(body, {
    nuxtContent: "3.16.1",
    configFiles: [],
    collections: [{ name: "qa", type: "page", sources: [{ cwd: join(root, "content"), include: "**/*.md", exclude: [], prefix: null }], schema: { type: "object" } }],
  });
});

test("a Nuxt Content qalint does not know, or a manifest of another shape, stops Nuxt", async () => {
  const bin = answering([]);
  for (const [version, m, why] of [
    ["4.0.0", manifest, /@nuxt\/content 4.0.0: not a version qalint knows/],
    ["3.16.1", undefined, /its manifest template has no collections/],
    ["3.16.1", { collections: [{ name: "qa", type: "page" }] }, /collection "qa" does not have the shape/],
  ]) {
    const nuxt = fakeNuxt({ rootDir: root, manifest: m });
    setupQalint(defaults, nuxt, env(bin, { contentVersion: version }));
    await assert.rejects(nuxt.callHook("modules:done"), (e) => e instanceof CollectionsError && why.test(e.message));
  }
});

test("a missing binary stops Nuxt when it loads, saying what to install", async () => {
  const nuxt = fakeNuxt({ rootDir: root, manifest });
  const missing = () => {
    throw new Error("the package @qalint/cli-linux-x64, which holds qalint's binary for this machine, is not installed");
  };
  setupQalint(defaults, nuxt, env(null, { findBinary: missing }));
  await assert.rejects(nuxt.callHook("modules:done"), /qalint cannot record the collections: the package @qalint\/cli-linux-x64/);
});

test("build: a binary that crashes while linting stops the build", async () => {
  const bin = fakeBinary(`if (args[0] === "nuxt-collections") process.exit(0); process.kill(process.pid, "SIGABRT");`);
  const nuxt = fakeNuxt({ rootDir: root, manifest });
  setupQalint(defaults, nuxt, env(bin));
  const stop = await nuxt.callHook("modules:done").catch((e) => e);
  assert.ok(stop instanceof BuildStop);
  assert.match(stop.message, /could not check the content, so the build stops: qalint was killed by SIGABRT/);
});

test("build: findings stop the build; nuxi prepare lints nothing", async () => {
  const bin = answering([finding("content/a.md", 2)]);
  const nuxt = fakeNuxt({ rootDir: root, manifest });
  setupQalint(defaults, nuxt, env(bin));
  await assert.rejects(nuxt.callHook("modules:done"), /qalint found 1 problem \(1 error, 0 warnings\)/);
  const prepared = fakeNuxt({ rootDir: root, manifest, prepare: true });
  setupQalint(defaults, prepared, env(bin));
  await prepared.callHook("modules:done");
  assert.equal(prepared.hooks.get("modules:done").length, 1, "prepare records, and lints nothing");
});

test("build: the gate starts when Nuxt calls modules:done, and under nuxi stops before Nuxt Content has parsed the pages", { timeout: 20000 }, async () => {
  const bin = answering([finding("content/a.md", 2)]);
  const nuxt = fakeNuxt({ rootDir: root, manifest });
  // Nuxt Content's parse of every page: a modules:done hook of its own, registered first.
  let parsed = false;
  let release;
  nuxt.hook("modules:done", () => new Promise((done) => { release = () => { parsed = true; done(); }; }));
  const out = recorder();
  const exited = new Promise((resolve) => {
    setupQalint(defaults, nuxt, { ...env(bin), logger: out, exitEarly: (code) => resolve({ code, parsed }) });
  });
  const loading = nuxt.callHook("modules:done").catch((e) => e);
  assert.deepEqual(await exited, { code: 1, parsed: false });
  assert.deepEqual(out.lines, [
    "E content/a.md:2:1: QA001 [schema] problem at 2",
    "E qalint found 1 problem (1 error, 0 warnings) in the content: the build stops. Fix them (`npx qalint --fix` repairs the trivial ones), record them with `npx qalint --suppress-all` to fix them page by page, or set `qalint: { failOn: false }` in nuxt.config.",
  ]);
  // Without the nuxi command to end, the load itself fails once Nuxt Content is done.
  release();
  assert.ok((await loading) instanceof BuildStop);
});

test("the nuxi command is `nuxi build` or `nuxi generate`, whatever the launcher's name", () => {
  assert.equal(underNuxiCommand(["node", "/app/node_modules/nuxi/bin/nuxi.mjs", "generate"]), true);
  assert.equal(underNuxiCommand(["node", "/app/node_modules/.bin/nuxt", "build"]), true);
  assert.equal(underNuxiCommand(["node", "/app/node_modules/.bin/nuxt", "dev"]), false);
  assert.equal(underNuxiCommand(["node", "/app/node_modules/vitest/vitest.mjs", "run"]), false);
});

test("dev: linted at start, then on each file Nuxt Content reads, deletions from Nuxt's watcher", async () => {
  const bin = answering([]);
  const nuxt = fakeNuxt({ rootDir: root, manifest, dev: true });
  const e = env(bin);
  const { loop } = setupQalint(defaults, nuxt, e);
  await nuxt.callHook("modules:done");
  await nuxt.callHook("content:file:beforeParse", { file: { path: join(root, "content/a.md") } });
  assert.equal(loop.runs, 0, "before the first lint, Nuxt Content's own first parse is not a save");
  await nuxt.callHook("prepare:types");
  await loop.running;
  assert.equal(loop.runs, 1);
  await nuxt.callHook("content:file:beforeParse", { file: { path: join(root, "content/a.md") } });
  await loop.running;
  assert.equal(loop.runs, 2);
  assert.deepEqual(e.logger.lines.slice(-2), ["I content/a.md: no problems", "I content checked: no problems"]);
  await nuxt.callHook("builder:watch", "unlink", "content/b.md");
  await loop.running;
  assert.equal(loop.runs, 3);
  await nuxt.callHook("builder:watch", "unlink", "pages/index.vue");
  assert.equal(loop.runs, 3, "a file outside the content is not content");
});

test("options: a wrong failOn is refused, `qalint: false` turns the module off", () => {
  assert.throws(() => setupQalint({ ...defaults, failOn: "errors" }, fakeNuxt({ rootDir: root }), env(null)), /failOn is "errors"/);
  const off = fakeNuxt({ rootDir: root, qalint: false });
  setupQalint(defaults, off, env(null));
  assert.equal(off.hooks.size, 0);
});

test("content.config's zod schemas that cannot be read stop Nuxt; those read shape the record", async () => {
  const nuxt = fakeNuxt({ rootDir: root, manifest, prepare: true });
  const broken = async () => {
    throw new Error("content.config.ts: boom");
  };
  setupQalint(defaults, nuxt, env(fakeBinary(""), { zodSchemas: broken }));
  await assert.rejects(nuxt.callHook("modules:done"), (e) => e instanceof CollectionsError && /zod schemas of content\.config: content\.config\.ts: boom/.test(e.message));

  const seen = join(tmp, "recorded-zod.json");
  const bin = fakeBinary(`let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => require("fs").writeFileSync(${JSON.stringify(seen)}, s));`);
  const coerced = { _def: { typeName: "ZodObject", shape: () => ({ n: { _def: { typeName: "ZodNumber", coerce: true } } }) } };
  const withN = { collections: [{ ...manifest.collections[0], extendedSchema: { type: "object", properties: { n: { type: "number" } } } }] };
  const other = fakeNuxt({ rootDir: root, manifest: withN, prepare: true });
  setupQalint(defaults, other, env(bin, { zodSchemas: async () => new Map([["qa", { vendor: "zod3", schema: coerced }]]) }));
  await other.callHook("modules:done");
  const body = JSON.parse(readFileSync(seen, "utf8"));
  assert.equal(body.collections[0].schema.properties.n.anyOf.length, 4);
});

test("a content.config that never finishes loading again stops Nuxt after the timeout", { timeout: 20000 }, async () => {
  const nuxt = fakeNuxt({ rootDir: root, manifest, prepare: true });
  setupQalint({ ...defaults, timeout: 0.2 }, nuxt, env(fakeBinary(""), { zodSchemas: () => new Promise(() => {}) }));
  await assert.rejects(
    nuxt.callHook("modules:done"),
    (e) => e instanceof CollectionsError && /zod schemas of content\.config: it did not load within 0\.2 s/.test(e.message),
  );
});

test("a zod constraint the record cannot hold stops Nuxt naming the field, unless the site accepts it", async () => {
  const refined = { _def: { typeName: "ZodObject", shape: () => ({ slug: { _def: { typeName: "ZodEffects", schema: { _def: { typeName: "ZodString" } } } } }) } };
  const withSlug = { collections: [{ ...manifest.collections[0], extendedSchema: { type: "object", properties: { slug: { type: "string" } } } }] };
  const zodSchemas = async () => new Map([["qa", { vendor: "zod3", schema: refined }]]);
  const strict = fakeNuxt({ rootDir: root, manifest: withSlug, prepare: true });
  setupQalint(defaults, strict, env(fakeBinary(""), { zodSchemas }));
  await assert.rejects(strict.callHook("modules:done"), (e) => {
    assert.ok(e instanceof CollectionsError);
    assert.equal(e.message.split("\n").length, 1, "one line");
    assert.match(e.message, /the field `slug` of collection `qa` as zod does: it has a \.refine\(\), \.transform\(\) or \.preprocess\(\)/);
    assert.match(e.message, /uncheckedFields: \["qa\.slug"\]/);
    return true;
  });
  const seen = join(tmp, "recorded-unchecked.json");
  const bin = fakeBinary(`let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => require("fs").writeFileSync(${JSON.stringify(seen)}, s));`);
  const lenient = fakeNuxt({ rootDir: root, manifest: withSlug, prepare: true });
  setupQalint({ ...defaults, uncheckedFields: ["qa.slug"] }, lenient, env(bin, { zodSchemas }));
  await lenient.callHook("modules:done");
  assert.deepEqual(JSON.parse(readFileSync(seen, "utf8")).collections[0].schema.properties.slug, { type: "string" });
  assert.throws(() => setupQalint({ ...defaults, uncheckedFields: "qa.slug" }, fakeNuxt({ rootDir: root }), env(null)), /uncheckedFields takes a list/);
});

test("dev: a deletion in a content folder outside the srcDir (Nuxt 4's layout) is linted within a second", async () => {
  const site = join(tmp, "site-nuxt4");
  mkdirSync(join(site, "content/python"), { recursive: true });
  mkdirSync(join(site, "app"), { recursive: true });
  const page = join(site, "content/python/gil.md");
  writeFileSync(page, "---\ntitle: GIL\n---\n");
  const own = { collections: [{ ...manifest.collections[0], source: [{ cwd: join(site, "content"), include: "**/*.md", exclude: [] }] }] };
  const nuxt = fakeNuxt({ rootDir: site, manifest: own, dev: true });
  nuxt.options.srcDir = join(site, "app");
  const e = env(answering([]));
  const { loop } = setupQalint(defaults, nuxt, e);
  await nuxt.callHook("modules:done");
  await nuxt.callHook("prepare:types");
  await loop.running;
  assert.equal(loop.runs, 1);
  const started = Date.now();
  rmSync(page);
  while (loop.runs < 2 && Date.now() - started < 1000) await new Promise((r) => setTimeout(r, 20));
  await loop.running;
  assert.equal(loop.runs, 2, "the deletion was linted within a second");
  assert.ok(e.logger.lines.some((l) => l.includes("content/python/gil.md")), e.logger.lines.join("\n"));
  await nuxt.callHook("close");
});

test("a collection whose source is a remote repository is named once, and its local sources recorded", async () => {
  const seen = join(tmp, "recorded-remote.json");
  const bin = fakeBinary(`let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => require("fs").writeFileSync(${JSON.stringify(seen)}, s));`);
  const remote = {
    collections: [{
      ...manifest.collections[0],
      source: [
        { repository: "https://github.com/nuxt/content", include: "docs/**/*.md" },
        ...manifest.collections[0].source,
      ],
    }],
  };
  const nuxt = fakeNuxt({ rootDir: root, manifest: remote, prepare: true });
  const e = env(bin);
  setupQalint(defaults, nuxt, e);
  await nuxt.callHook("modules:done");
  await nuxt.callHook("prepare:types");
  assert.deepEqual(e.logger.lines.filter((l) => l.includes("remote")), [
    "W qalint does not check the remote source of collection qa: https://github.com/nuxt/content (not on this disk)",
  ]);
  assert.equal(JSON.parse(readFileSync(seen, "utf8")).collections[0].sources.length, 1);
});

test("an option the module does not know stops Nuxt, naming the closest real one", () => {
  assert.throws(
    () => setupQalint({ ...defaults, timout: 5 }, fakeNuxt({ rootDir: root }), env(null)),
    (e) => e instanceof CollectionsError && /unknown option "timout"; did you mean "timeout"\?/.test(e.message),
  );
  assert.throws(
    () => setupQalint({ ...defaults, colour: true }, fakeNuxt({ rootDir: root }), env(null)),
    (e) => /unknown option "colour" \(options: enabled, failOn, overlay, devtools, warnings, timeout, uncheckedFields\)/.test(e.message),
  );
});
