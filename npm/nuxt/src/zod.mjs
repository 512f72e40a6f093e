// Each collection's zod schema, read by loading content.config again (jiti, as Nuxt Content
// loads it) with Nuxt Content's zod converters wrapped to keep each schema they convert: its
// `defineCollection` keeps only the JSON Schema. zod-facts.mjs puts back what that leaves out.
import { fileURLToPath } from "node:url";
import { createJiti } from "jiti";
import { getContext } from "unctx";

const CONTEXT = "@nuxt/content:validators-context";
const VENDORS = ["zod3", "zod4"];

/**
 * Each collection's zod schema, `{ vendor, schema, datetimeRegex }` by name, from the
 * content.config files (`datetimeRegex`: zod 3's own, from the site's zod).
 */
export async function zodSchemas(rootDir, configFiles) {
  const converters = getContext(CONTEXT).tryUse();
  const found = new Map();
  if (!converters) return found;
  const kept = new Map();
  const datetimeRegex = await zod3DatetimeRegex(rootDir);
  const real = VENDORS.map((vendor) => [vendor, converters.get(vendor)]);
  for (const [vendor, converter] of real) {
    converters.set(vendor, {
      ...converter,
      toJSONSchema: (schema, name) => {
        const json = converter.toJSONSchema(schema, name);
        kept.set(json, { vendor, schema, datetimeRegex });
        return json;
      },
    });
  }
  try {
    const jiti = createJiti(`${rootDir}/`, { moduleCache: false, fsCache: false });
    for (const file of configFiles) {
      const config = await jiti.import(file, { default: true });
      for (const [name, collection] of Object.entries(config?.collections ?? {})) {
        const zod = kept.get(collection?.schema);
        if (zod && !found.has(name)) found.set(name, zod);
      }
    }
  } finally {
    for (const [vendor, converter] of real) converters.set(vendor, converter);
  }
  return found;
}

/**
 * zod 3's `datetimeRegex` (exported since 3.22). A zod 3 schema comes from Nuxt Content's `z`
 * (its own zod: on Nuxt 4 with zod 4 in the site, a zod 3.25 below @nuxt/content) or from the
 * site's `zod` 3, and zod 4 keeps zod 3 as `zod/v3`: the first that has it.
 */
async function zod3DatetimeRegex(rootDir) {
  const site = createJiti(`${rootDir}/`);
  let content;
  try {
    const resolved = site.esmResolve("@nuxt/content");
    content = resolved.startsWith("file:") ? fileURLToPath(resolved) : resolved;
  } catch {
    content = undefined;
  }
  const candidates = [[content, "zod"], [`${rootDir}/`, "zod"], [`${rootDir}/`, "zod/v3"]];
  for (const [from, id] of candidates) {
    if (!from) continue;
    try {
      const zod = await createJiti(from).import(id);
      if (typeof zod.datetimeRegex === "function") return zod.datetimeRegex;
    } catch {
      // not there: the next one
    }
  }
  return undefined; // no zod 3 in the site: no zod 3 schema to walk either
}
