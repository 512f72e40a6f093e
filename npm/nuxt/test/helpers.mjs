// Fakes for the tests: a qalint binary made of a few lines of Node, a Nuxt with hooks, a
// console that records.
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const dir = mkdtempSync(join(tmpdir(), "qalint-nuxt-test-"));
let n = 0;

/** An executable that runs `body` (Node, with `args` and `input` read when `readInput`). */
export function fakeBinary(body) {
  const file = join(dir, `qalint-${++n}`);
  writeFileSync(file, `#!${process.execPath}\nconst args = process.argv.slice(2);\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** A binary that answers every lint with `findings` (exit 1 when there are some). */
export function answering(findings) {
  return fakeBinary(
    `if (args[0] === "nuxt-collections") { process.stdin.resume(); process.stdin.on("end", () => process.exit(0)); }
     else { process.stdout.write(${JSON.stringify(JSON.stringify(findings))}); process.exitCode = ${findings.length ? 1 : 0}; }`,
  );
}

export function finding(file, line, code = "QA001", extra = {}) {
  return {
    code, rule: code === "QA001" ? "schema" : "order-gap", severity: "error",
    message: `problem at ${line}`, file, line, column: 1, end_line: line, end_column: 2, fix: null, ...extra,
  };
}

export function recorder() {
  const lines = [];
  return {
    lines,
    error: (t) => lines.push(`E ${t}`),
    warn: (t) => lines.push(`W ${t}`),
    info: (t) => lines.push(`I ${t}`),
    annotate: (t) => lines.push(`A ${t}`),
    take() {
      return lines.splice(0, lines.length);
    },
  };
}

/** Nuxt as far as the module touches it: options and hooks. */
export function fakeNuxt({ dev = false, prepare = false, rootDir = dir, manifest, qalint } = {}) {
  // The hooks by name; with hookable's `beforeEach`, as Nuxt's `nuxt.hooks` has it.
  const hooks = new Map();
  const before = [];
  hooks.beforeEach = (fn) => before.push(fn);
  return {
    options: {
      dev, _prepare: prepare, rootDir, srcDir: rootDir, qalint,
      experimental: {},
      build: { templates: manifest ? [{ filename: "content/manifest.ts", options: { manifest } }] : [] },
    },
    hook(name, fn) {
      if (!hooks.has(name)) hooks.set(name, []);
      hooks.get(name).push(fn);
    },
    async callHook(name, ...args) {
      for (const fn of before) fn({ name, args });
      for (const fn of hooks.get(name) ?? []) await fn(...args);
    },
    hooks,
  };
}

export const tmp = dir;
