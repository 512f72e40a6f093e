// What qalint needs of the site's content.config.ts: Nuxt Content's own resolved collections
// (each local source's folder, globs and prefix, and the JSON Schema Nuxt Content derived for
// the collection's items), handed to `qalint nuxt-collections`, which checks, signs and writes
// them to .nuxt/qalint/collections.json for the CLI, the hooks and the language server.
//
// Nuxt Content has no public API that lists its collections: it keeps them in the options of
// its `content/manifest.ts` template (`build.templates[].options.manifest`). That route is
// checked here, not trusted: the version must be one qalint was tested with, and the shape
// what those versions have; anything else stops Nuxt with a message saying so (a test on the
// real app fails the same way when a new Nuxt Content changes it).
import { existsSync } from "node:fs";
import { join, normalize, resolve } from "node:path";
import { withZodFacts } from "./zod-facts.mjs";
import { weakerFields } from "./zod-exact.mjs";

/** The Nuxt Content versions whose manifest this module reads. */
export const CONTENT_VERSIONS = /^3\.\d+\.\d+/;

const CONFIG_FILES = ["content.config.ts", "content.config.mts", "content.config.js", "content.config.mjs"];

export class CollectionsError extends Error {
  constructor(message) {
    super(message);
    this.name = "QalintCollectionsError";
    this.stack = `${this.name}: ${message}`;
  }
}

/** Nuxt Content's manifest, checked against the shape qalint reads. */
export function contentManifest(nuxt, version) {
  const unknown = (what) =>
    new CollectionsError(
      `qalint cannot read the collections of @nuxt/content ${version ?? "(version unknown)"}: ${what}. ` +
        "qalint reads Nuxt Content 3's manifest; update qalint, or set `qalint: false` in nuxt.config.",
    );
  if (!version || !CONTENT_VERSIONS.test(version)) throw unknown("not a version qalint knows");
  const templates = nuxt.options.build?.templates ?? [];
  const holder = templates.find((t) => t?.filename === "content/manifest.ts" && t.options?.manifest);
  const manifest = holder?.options?.manifest;
  if (!manifest || !Array.isArray(manifest.collections)) throw unknown("its manifest template has no collections");
  for (const c of manifest.collections) {
    const ok =
      typeof c?.name === "string" &&
      (c.type === "page" || c.type === "data") &&
      (c.source === undefined || Array.isArray(c.source)) &&
      c.extendedSchema && typeof c.extendedSchema === "object";
    if (!ok) throw unknown(`collection ${JSON.stringify(c?.name)} does not have the shape qalint reads`);
  }
  return manifest;
}

/**
 * The record `qalint nuxt-collections` takes. `zod`: each collection's zod schema by name
 * (zod.mjs), whose facts the derived JSON Schema leaves out. A field whose zod constraint the
 * record cannot hold stops it (never a silently weaker gate), unless `unchecked` names it
 * (`collection.field`: the site accepts a weaker check of it).
 */
export async function siteOf(nuxt, manifest, version, zod = new Map(), unchecked = []) {
  const rootDir = nuxt.options.rootDir;
  const collections = [];
  for (const c of manifest.collections) {
    if (c.private || !Array.isArray(c.source)) continue;
    const sources = [];
    for (const s of c.source) {
      if (s.repository || typeof s.include !== "string") continue; // remote: not on this disk
      // The local source's own step (it only resolves its folder, as Nuxt Content does).
      if (!s.cwd && typeof s.prepare === "function") {
        await s.prepare({ rootDir: c.__rootDir || rootDir });
      }
      const cwd = s.cwd ? resolve(normalize(String(s.cwd)).replace(/^~~\//, rootDir + "/")) : join(rootDir, "content");
      sources.push({ cwd, include: s.include, exclude: [...(s.exclude || [])], prefix: s.prefix ?? null });
    }
    const schema = withZodFacts(c.extendedSchema, zod.get(c.name));
    const weaker = weakerFields(schema, zod.get(c.name)).filter((w) => !unchecked.includes(`${c.name}.${w.field}`));
    if (weaker.length > 0) {
      const [first] = weaker;
      const more = weaker.length > 1 ? ` (and ${weaker.length - 1} more field${weaker.length > 2 ? "s" : ""})` : "";
      throw new CollectionsError(
        `qalint cannot check the field \`${first.field}\` of collection \`${c.name}\` as zod does: it has ${first.why}${more}. ` +
          `Write the constraint as one qalint reads (.min(), .regex(), …), or accept a weaker check of the field: ` +
          `qalint: { uncheckedFields: [${JSON.stringify(`${c.name}.${first.field}`)}] } in nuxt.config`,
      );
    }
    collections.push({ name: c.name, type: c.type, sources, schema });
  }
  return { nuxtContent: version, configFiles: configFilesOf(nuxt), collections };
}

/**
 * The sources qalint does not check, as `collection: repository` lines: a source that is a
 * remote repository (Nuxt Content downloads it at build time; it is not on this disk).
 */
export function remoteSources(manifest) {
  return manifest.collections.flatMap((c) =>
    c.private || !Array.isArray(c.source)
      ? []
      : c.source.filter((s) => s?.repository).map((s) => `${c.name}: ${typeof s.repository === "string" ? s.repository : s.repository?.url ?? "a remote repository"}`),
  );
}

/** content.config.* of the site and its layers (a newer one means: run `nuxi prepare`). */
export function configFilesOf(nuxt) {
  const dirs = [nuxt.options.rootDir, ...(nuxt.options._layers || []).map((l) => l.config?.rootDir)];
  return [...new Set(dirs.filter(Boolean))]
    .flatMap((dir) => CONFIG_FILES.map((f) => join(dir, f)))
    .filter((f) => existsSync(f));
}

/** The folders that hold the site's content, each once. */
export function contentFolders(site) {
  return [...new Set(site.collections.flatMap((c) => c.sources.map((s) => s.cwd)))];
}
