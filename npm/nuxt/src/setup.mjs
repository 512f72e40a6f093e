// What the module does with a Nuxt instance; src/module.mjs wraps it in defineNuxtModule.
// Kept apart from @nuxt/kit so the tests drive it with a fake Nuxt.
//
// - Whenever Nuxt loads, the collections go to `qalint nuxt-collections` (collections.mjs).
// - Build and generate: the content is linted as Nuxt finishes loading, beside Nuxt Content's
//   own work, and the build stops on what the gate says (gate.mjs).
// - Dev: linted at start and on every save Nuxt Content sees (dev.mjs).
import { existsSync, watch } from "node:fs";
import { join, relative } from "node:path";
import { CollectionsError, configFilesOf, contentFolders, contentManifest, remoteSources, siteOf } from "./collections.mjs";
import { contentLinter } from "./findings.mjs";
import { gate } from "./gate.mjs";
import { DevLoop } from "./dev.mjs";
import { DevtoolsTab, customTab, tabRoute } from "./devtools.mjs";
import { runQalint, tail } from "./run.mjs";

export const defaults = {
  enabled: true,
  failOn: "error",
  overlay: true,
  devtools: true,
  warnings: true,
  timeout: 120,
  uncheckedFields: [],
};

const FAIL_ON = ["error", "warning", false];

/** Whether this process is `nuxi build`/`nuxi generate` (or `nuxt …`, the same command). */
export function underNuxiCommand(argv = process.argv) {
  const [, script = "", command] = argv;
  return /(^|[\\/])(nuxi|nuxt|nuxi-ng)(\.[cm]?js)?$/.test(script) && ["build", "generate"].includes(command);
}

/** The word of `words` within a few edits of `word` (a quarter of the shorter), if any. */
export function closest(word, words) {
  const distance = (a, b) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
      for (let j = 1; j <= b.length; j++) {
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      }
    }
    return d[a.length][b.length];
  };
  const scored = words
    .map((w) => [distance(word.toLowerCase(), w.toLowerCase()), w])
    .filter(([d, w]) => d <= Math.max(1, Math.floor(Math.min(word.length, w.length) / 4)))
    .sort((x, y) => x[0] - y[0]);
  return scored[0]?.[1];
}

/**
 * `env`: `findBinary()` (throws when the platform package is missing), `contentVersion`
 * (the installed @nuxt/content's version, or null), `logger` (consola-like),
 * `zodSchemas(rootDir, configFiles)` (zod.mjs: each collection's zod schema by name),
 * `exitEarly(code)` when a stopped build may end the process at once (the nuxi command), and
 * `addCustomTab(tab, nuxt)` (@nuxt/devtools-kit's) for the DevTools tab in dev.
 */
export function setupQalint(options, nuxt, env) {
  const out = env.logger;
  if (nuxt.options.qalint === false || options === false || options.enabled === false) return;
  // A misspelt option would be ignored without a word (a `timout` leaves the default).
  for (const key of Object.keys(options)) {
    if (key in defaults) continue;
    const near = closest(key, Object.keys(defaults));
    throw new CollectionsError(
      `qalint: unknown option ${JSON.stringify(key)}${near ? `; did you mean ${JSON.stringify(near)}?` : ""} (options: ${Object.keys(defaults).join(", ")})`,
    );
  }
  for (const key of ["overlay", "devtools", "warnings"]) {
    if (typeof options[key] !== "boolean") {
      throw new CollectionsError(`qalint: ${key} is ${JSON.stringify(options[key])}; it takes true or false`);
    }
  }
  if (!FAIL_ON.includes(options.failOn)) {
    throw new CollectionsError(`qalint: failOn is ${JSON.stringify(options.failOn)}; it takes "error", "warning" or false`);
  }
  const unchecked = options.uncheckedFields ?? [];
  if (!Array.isArray(unchecked) || !unchecked.every((f) => typeof f === "string")) {
    throw new CollectionsError("qalint: uncheckedFields takes a list of `collection.field` names");
  }
  const rootDir = nuxt.options.rootDir;
  // The binary is looked up once: a missing one is a failure of every lint, never a skip.
  let binary;
  const findBinary = () => (binary ??= env.findBinary());
  let site = null;

  const record = async () => {
    if (!site) return;
    let path;
    try {
      path = findBinary();
    } catch (error) {
      throw new CollectionsError(`qalint cannot record the collections: ${error.message}`);
    }
    const wrote = await runQalint(path, ["nuxt-collections", "--root", rootDir], {
      cwd: rootDir,
      input: JSON.stringify(site),
      timeoutMs: options.timeout * 1000,
    });
    if (!wrote.ok || wrote.code !== 0) {
      const why = wrote.ok ? `exit ${wrote.code}${tail(wrote.stderr)}` : wrote.why + tail(wrote.stderr);
      throw new CollectionsError(`qalint could not record the collections of content.config: ${why}`);
    }
  };

  // Every module is set up: Nuxt Content's collections are resolved. Once a load, whoever
  // asks first (the gate starts it as soon as Nuxt calls `modules:done`).
  let siteReady;
  const prepareSite = () => (siteReady ??= (async () => {
    const manifest = contentManifest(nuxt, env.contentVersion);
    let zod;
    try {
      // A content.config that never finishes loading again stops Nuxt, never hangs it.
      let timer;
      const late = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`it did not load within ${options.timeout} s (the \`timeout\` option)`)), options.timeout * 1000);
      });
      try {
        zod = (await Promise.race([env.zodSchemas?.(rootDir, configFilesOf(nuxt)), late])) ?? new Map();
      } finally {
        clearTimeout(timer);
      }
    } catch (error) {
      throw new CollectionsError(`qalint could not read the zod schemas of content.config: ${error.message}`);
    }
    site = await siteOf(nuxt, manifest, env.contentVersion, zod, unchecked);
    // Said once, when Nuxt loads: what is not checked is never passed over without a word.
    for (const remote of remoteSources(manifest)) {
      out.warn(`qalint does not check the remote source of collection ${remote} (not on this disk)`);
    }
    await record();
  })());
  nuxt.hook("modules:done", () => prepareSite());
  // nuxi empties the build folder after loading: write the record again (prepare, build,
  // generate and dev all reach `prepare:types`).
  let recorded = Promise.resolve();
  nuxt.hook("prepare:types", () => {
    recorded = record();
    return recorded;
  });

  const lintContent = contentLinter({
    binary: findBinary,
    rootDir,
    folders: () => (site ? contentFolders(site).map((f) => relative(rootDir, f) || ".") : ["content"]),
    timeoutMs: options.timeout * 1000,
  });

  if (!nuxt.options.dev) {
    if (nuxt.options._prepare) return;
    // The gate answers first: it starts when Nuxt calls `modules:done`, beside Nuxt Content's
    // own parse of every page (under a second for qalint, minutes for Nuxt Content on a big
    // site). Under the nuxi command (`env.exitEarly`) a build that must stop stops then;
    // otherwise (a build run from a program) at the end of `modules:done`.
    let answer;
    const decide = () => {
      // In GitHub Actions the findings are annotations on the pull request too.
      const github = process.env.GITHUB_ACTIONS === "true"
        ? { rootDir, workspace: process.env.GITHUB_WORKSPACE || process.cwd() }
        : undefined;
      answer ??= prepareSite()
        .then(() => gate({ lintContent, failOn: options.failOn, warnings: options.warnings, out, github }))
        .then(() => null, (error) => error);
      return answer;
    };
    nuxt.hooks?.beforeEach?.((event) => {
      if (event?.name !== "modules:done" || answer) return;
      decide().then((stop) => {
        if (stop && env.exitEarly) {
          out.error(/^qalint\b/.test(stop.message) ? stop.message : `qalint: ${stop.message}`);
          env.exitEarly(1);
        }
      });
    });
    nuxt.hook("modules:done", async () => {
      const stop = await decide();
      if (stop) throw stop;
    });
    return;
  }

  const loop = new DevLoop({ lintContent, rootDir, out, overlay: options.overlay, warnings: options.warnings });
  // The tab in Nuxt DevTools, where DevTools runs (`devtools: { enabled: true }`).
  const devtoolsOn = options.devtools && nuxt.options.devtools !== false && nuxt.options.devtools?.enabled !== false;
  const tab = devtoolsOn ? new DevtoolsTab({ binary: findBinary, rootDir, loop, timeoutMs: options.timeout * 1000 }) : null;
  const route = tabRoute(nuxt.options.app?.baseURL);
  if (tab) {
    env.addCustomTab?.(customTab(route), nuxt);
    nuxt.hook("close", () => tab.close());
  }
  let started = false;
  nuxt.hook("vite:serverCreated", (server, ctx) => {
    if (!ctx?.isClient) return;
    loop.attach(server);
    if (tab) server.middlewares.use(route, (req, res) => tab.handle(req, res));
  });
  nuxt.hook("prepare:types", async () => {
    if (started) return;
    started = true;
    await recorded;
    loop.start();
    watchDeletions();
  });
  // Deletions and renames away in a content folder Nuxt's watcher does not see: Nuxt 4's
  // layout keeps content/ beside app/ (the srcDir), and Nuxt Content's own watcher calls no
  // hook on a deletion. Node's recursive fs.watch, one per such folder, closed with Nuxt.
  const watchDeletions = () => {
    const srcDir = nuxt.options.srcDir;
    for (const folder of site ? contentFolders(site) : []) {
      if (srcDir && (folder === srcDir || folder.startsWith(`${srcDir}/`))) continue;
      let watcher;
      try {
        watcher = watch(folder, { recursive: true }, (event, name) => {
          const file = name && join(folder, String(name));
          if (event === "rename" && file && !existsSync(file)) loop.saved(file);
        });
      } catch (error) {
        out.warn(`qalint cannot watch ${relative(rootDir, folder) || "."} for deletions: ${error.message}`);
        continue;
      }
      watcher.on("error", (error) => {
        watcher.close();
        out.warn(`qalint stopped watching ${relative(rootDir, folder) || "."} for deletions: ${error.message}`);
      });
      nuxt.hook("close", () => watcher.close());
    }
  };
  // Saves, as Nuxt Content's own watcher sees them (it follows a file replaced by a rename):
  // it reads a changed file and calls this before parsing it.
  nuxt.hook("content:file:beforeParse", (ctx) => {
    if (started && ctx?.file?.path) loop.saved(ctx.file.path);
  });
  // Deletions (Nuxt Content parses nothing then), as Nuxt's watcher reports them (content
  // folders inside the srcDir: Nuxt 3's layout).
  nuxt.hook("builder:watch", (event, path) => {
    if (!started || (event !== "unlink" && event !== "unlinkDir")) return;
    const abs = nuxt.options.experimental?.relativeWatchPaths === false ? path : `${nuxt.options.srcDir}/${path}`;
    if (site && contentFolders(site).some((f) => abs.startsWith(`${f}/`))) loop.saved(abs);
  });
  return { loop, tab };
}
