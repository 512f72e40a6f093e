// What the JSON Schema Nuxt Content derives from a collection's zod schema leaves out, put
// back from the zod schema itself (zod.mjs reads it), so that the binary judges a page as zod
// does (the differential test, fixtures/zod-agreement, measures it):
// - `z.coerce.number()`: zod takes what `Number()` makes a number of (`"12"`, `true`, `null`);
//   the derived schema says only `number`.
// - a zod 4 schema of another zod than Nuxt Content's (`import { z } from 'zod'`, zod 4.1 and
//   later): converted by its own zod, since Nuxt Content's drops its bounds and formats.
// - `.datetime()`, `.date()`, `.time()`: zod's own regex, not JSON Schema's format (zod 3's
//   converter writes `format: date-time` whatever the options; a string `.date()` is a
//   calendar date, not Nuxt Content's reading of a `z.date()`). zod 4 writes its pattern
//   itself; its `format` goes.
// - `.email()`: zod's own regex (zod 4 writes it; zod 3's, the same regex, written here with
//   its case made explicit), not JSON Schema's `format: email` (RFC 5321 takes `ana@example`
//   and `ana@[127.0.0.1]`, zod does not).
// - `z.coerce.boolean()` / `z.coerce.string()`: anything but a missing key.
// Every change keeps the schema plain JSON Schema: the binary runs no JavaScript. Pure (zod
// schemas are read through zod-node.mjs), so the unit tests drive it with zod-shaped objects.
import { zodNode } from "./zod-node.mjs";

/** `extendedSchema` (Nuxt Content's, for the collection) with what `zod` says put back. */
export function withZodFacts(extendedSchema, zod) {
  const schema = structuredClone(extendedSchema);
  const root = schema?.definitions?.__SCHEMA__ ?? schema;
  if (zod && root) {
    if (zod.vendor === "zod4") ownConversion(zod.schema, root);
    walk(zod, zod.schema, root);
  }
  return schema;
}

// Nuxt Content converts a zod 4 schema with the zod it bundles (zod 3.25's `zod/v4`); a schema
// of another zod 4 (4.1 and later, as `npm install zod` gives) keeps its bounds and formats
// where that converter does not look, and they come out missing. The schema's own zod
// converts it right, with the options and override Nuxt Content's converter uses.
function ownConversion(zs, root) {
  if (typeof zs?.toJSONSchema !== "function" || !root.properties) return;
  const own = zs.toJSONSchema({
    target: "draft-7",
    unrepresentable: "any",
    override: (ctx) => {
      const def = ctx.zodSchema?._zod?.def;
      if (def?.type === "date") {
        ctx.jsonSchema.type = "string";
        ctx.jsonSchema.format = "date";
      }
      if (def?.$content) ctx.jsonSchema.$content = def.$content;
    },
  });
  Object.assign(root.properties, own.properties ?? {});
  root.required = [...new Set([...(root.required ?? []), ...(own.required ?? [])])];
}

// A JavaScript number literal as `Number()` reads a string (blank is 0).
const NUMERIC = "^\\s*([+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[+-]?Infinity)?\\s*$";

/** Replaces `node`'s content with `anyOf: [its old content, ...more]`. */
function widen(node, more) {
  const old = { ...node };
  for (const key of Object.keys(node)) delete node[key];
  node.anyOf = [old, ...more];
}

/** The branch of a nullable's JSON Schema that is not `null`. */
export function nonNull(node) {
  // `type: [x, "null"]` (zod 3) keeps one node; `anyOf: [x, {type: null}]` (zod 4) two.
  return Array.isArray(node?.anyOf) ? node.anyOf.find((b) => b?.type !== "null") : node;
}

function walk(zod, zs, node) {
  if (!node || typeof node !== "object") return;
  const z = zodNode(zod.vendor, zs);
  switch (z?.kind) {
    case "optional":
    case "default":
    case "readonly":
      return walk(zod, z.inner, node);
    case "nullable":
      return walk(zod, z.inner, nonNull(node));
    case "object":
      for (const [key, child] of Object.entries(z.shape ?? {})) walk(zod, child, node.properties?.[key]);
      return;
    case "array":
      return walk(zod, z.element, node.items);
    case "number":
      if (z.coerce) widen(node, [{ type: "string", pattern: NUMERIC }, { type: "boolean" }, { type: "null" }]);
      return;
    case "boolean":
      if (z.coerce) for (const key of Object.keys(node)) delete node[key];
      return;
    case "string":
      if (z.coerce) {
        for (const key of Object.keys(node)) delete node[key];
        return;
      }
      for (const check of z.checks) {
        if (check.name === "string_format") format(zod, check, node);
        if (countsCodePoints(check)) node["x-zod-length"] = "code-points";
      }
      return;
    default:
  }
}

// zod 3.25's `emailRegex` (types.ts), `/…/i` spelled out as zod 4 spells the same regex.
const ZOD3_EMAIL = "^(?!\\.)(?!.*\\.\\.)([A-Za-z0-9_'+\\-\\.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\\-]*\\.)+[A-Za-z]{2,}$";

/**
 * Whether a string length check of zod 4 counts code points (zod 4.6 does: `"😀"` is one) or
 * UTF-16 units (zod 3, zod 4.0: `"😀".length` is two). Asked of the check itself, with a value
 * only the two countings judge apart: as many emoji as the bound allows code points.
 */
function countsCodePoints(check) {
  const run = check.instance?._zod?.check;
  if (typeof run !== "function") return false;
  const bound = { min_length: check.raw?.minimum, max_length: check.raw?.maximum, length_equals: check.raw?.length }[check.name];
  if (!Number.isInteger(bound)) return false;
  // max and exact: `bound` emoji are `bound` code points and twice as many units, so only a
  // count in code points passes them. min: `bound - 1` emoji fall short in code points and
  // reach the bound in units (when it is 2 or more), so only a count in code points fails.
  const min = check.name === "min_length";
  const emoji = min ? bound - 1 : bound;
  if (emoji < 1 || (min && emoji * 2 < bound)) return false;
  const payload = { value: "\u{1F600}".repeat(emoji), issues: [] };
  try {
    run(payload);
  } catch {
    return false;
  }
  return min ? payload.issues.length > 0 : payload.issues.length === 0;
}

// zod 3.25's date and time regexes (types.ts, not exported), as zod builds them.
const ZOD3_DATE = "((\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-((0[13578]|1[02])-(0[1-9]|[12]\\d|3[01])|(0[469]|11)-(0[1-9]|[12]\\d|30)|(02)-(0[1-9]|1\\d|2[0-8])))";
function zod3Time({ precision }) {
  let seconds = "[0-5]\\d";
  if (precision) seconds = `${seconds}\\.\\d{${precision}}`;
  else if (precision == null) seconds = `${seconds}(\\.\\d+)?`;
  return `^([01]\\d|2[0-3]):[0-5]\\d(:${seconds})${precision ? "+" : "?"}$`;
}

/**
 * A string format as zod checks it: its own regex in `pattern`, JSON Schema's `format` gone
 * (a calendar date is not Nuxt Content's date reading; a date-time's RFC 3339 wants seconds,
 * zod does not), and `x-zod-format` naming it for the binary's message.
 */
function format(zod, check, node) {
  const kind = check.format;
  if (!["email", "datetime", "date", "time"].includes(kind)) return;
  if (zod.vendor === "zod3") {
    if (kind === "email") node.pattern = ZOD3_EMAIL;
    if (kind === "date") node.pattern = `^${ZOD3_DATE}$`;
    if (kind === "time") node.pattern = zod3Time(check.raw);
    if (kind === "datetime") {
      if (typeof zod.datetimeRegex !== "function") {
        throw new Error("a zod 3 `.datetime()` field, and no datetimeRegex in the site's zod");
      }
      node.pattern = zod.datetimeRegex(check.raw).source;
    }
  }
  // zod 4 writes its own pattern; without one the format is left to JSON Schema (zod-exact
  // stops a record that then says less than zod).
  if (!node.pattern) return;
  delete node.format;
  node["x-zod-format"] = kind;
}
