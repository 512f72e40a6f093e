// Whether the JSON Schema the binary will check holds every constraint of the collection's zod
// schema. A constraint the record leaves out is a gate that passes pages zod rejects, without a
// word; so each one is found here, and the record is refused naming the field (collections.mjs),
// unless the site accepts a weaker check of that field (`uncheckedFields`). Pure: the schema
// given is the one withZodFacts made, the zod schema is read through zod-node.mjs.
import { zodNode } from "./zod-node.mjs";
import { nonNull } from "./zod-facts.mjs";

// What each zod kind is called where an author writes it.
const SPELLED = {
  effects: "a .refine(), .transform() or .preprocess()",
  pipe: "a .transform() or .pipe()",
  transform: "a .transform()",
  custom: "a z.custom()",
  lazy: "a z.lazy()",
  catch: "a .catch()",
  prefault: "a .prefault()",
};

// Kinds whose whole meaning JSON Schema says (their checks are looked at one by one).
const PLAIN = ["string", "number", "boolean", "date", "enum", "literal", "null", "any", "unknown"];
// String formats the binary checks as zod does (zod-facts.mjs writes or keeps their regex).
const FORMATS = ["email", "url", "uuid", "guid", "datetime", "date", "time", "regex"];

/**
 * The fields of `zod` whose constraints `root` (the record's JSON Schema of the collection,
 * `definitions.__SCHEMA__` or the schema itself) does not hold, as `[{ field, why }]`:
 * `field` is the dotted path an author reads (`author.name`, `tags[]`).
 */
export function weakerFields(schema, zod) {
  const root = schema?.definitions?.__SCHEMA__ ?? schema;
  const out = [];
  if (zod && root) visit(zod.vendor, zod.schema, root, "", out);
  // One reason a field: the first.
  return out.filter((w, i) => out.findIndex((o) => o.field === w.field) === i);
}

function visit(vendor, zs, node, field, out) {
  const z = zodNode(vendor, zs);
  const weaker = (why) => out.push({ field: field || "(the whole item)", why });
  if (!z) return weaker("a schema qalint cannot read as zod's");
  if (!node || typeof node !== "object") return weaker("nothing in the derived JSON Schema");
  switch (z.kind) {
    case "optional":
    case "default":
    case "readonly":
      return visit(vendor, z.inner, node, field, out);
    case "nullable":
      return visit(vendor, z.inner, nonNull(node), field, out);
    case "object":
      for (const [key, child] of Object.entries(z.shape ?? {})) {
        visit(vendor, child, node.properties?.[key], field ? `${field}.${key}` : key, out);
      }
      return;
    case "array":
      checks(z, node, weaker);
      return visit(vendor, z.element, node.items, `${field}[]`, out);
    case "record":
      return z.values && visit(vendor, z.values, node.additionalProperties, `${field}.*`, out);
    case "union": {
      const branches = node.anyOf ?? node.oneOf;
      const plain = z.options.every((o) => isPlain(vendor, o));
      if (Array.isArray(branches) && branches.length === z.options.length) {
        z.options.forEach((o, i) => visit(vendor, o, branches[i], field, out));
      } else if (!plain) {
        weaker("a union whose branches the derived JSON Schema does not keep apart");
      }
      return;
    }
    default:
      if (!PLAIN.includes(z.kind)) return weaker(`${SPELLED[z.kind] ?? `a zod ${z.kind}`}, which JSON Schema cannot say`);
      return checks(z, node, weaker);
  }
}

/** A branch with no check and no inner schema: its JSON Schema is its type alone. */
function isPlain(vendor, zs) {
  const z = zodNode(vendor, zs);
  return z && PLAIN.includes(z.kind) && z.checks.length === 0;
}

const has = (node, ...keys) => keys.some((k) => node[k] !== undefined || node.anyOf?.some((b) => b?.[k] !== undefined));

/** Each check of `z`, looked for in `node`. */
function checks(z, node, weaker) {
  const array = z.kind === "array";
  for (const c of z.checks) {
    const held = {
      min_length: () => has(node, array ? "minItems" : "minLength"),
      max_length: () => has(node, array ? "maxItems" : "maxLength"),
      length_equals: () => has(node, array ? "minItems" : "minLength") && has(node, array ? "maxItems" : "maxLength"),
      string_format: () => FORMATS.includes(c.format) && has(node, "pattern", "format"),
      greater_than: () => has(node, "minimum", "exclusiveMinimum"),
      less_than: () => has(node, "maximum", "exclusiveMaximum"),
      number_format: () => node.type === "integer" || node.anyOf?.some((b) => b?.type === "integer"),
      multiple_of: () => has(node, "multipleOf"),
      finite: () => true, // a JSON number is finite
    }[c.name];
    if (held?.()) continue;
    weaker(describe(c));
  }
}

function describe(c) {
  if (c.name === "custom") return "a .refine() or .superRefine(), which JSON Schema cannot say";
  if (c.name === "overwrite") return `a ${c.format ? `.${c.format}()` : ".trim() or a case change"} before its checks, which JSON Schema cannot say`;
  if (c.name === "string_format") return `a .${c.format}() that qalint does not check as zod does`;
  if (c.name.startsWith("date_")) return "a date bound (.min() or .max() on a date), which JSON Schema cannot say";
  return `a ${c.name}${c.format ? ` (${c.format})` : ""} check the derived JSON Schema leaves out`;
}
