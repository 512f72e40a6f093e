// What the JSON Schema Nuxt Content derives from a collection's zod schema leaves out, put
// back from the zod schema itself (zod.mjs reads it), so that the binary judges a page as zod
// does (the differential test, fixtures/zod-agreement, measures it):
// - `z.coerce.number()`: zod takes what `Number()` makes a number of (`"12"`, `true`, `null`);
//   the derived schema says only `number`.
// - zod 3's `.datetime()`: zod-to-json-schema writes `format: date-time` whatever the options
//   (`offset`, `local`, `precision`); zod's own regex says what it takes. zod 4 writes its
//   pattern itself; its `format` (RFC 3339, stricter than zod: seconds required) goes.
// - `.email()`: zod's own regex (zod 4 writes it; zod 3's, the same regex, written here with
//   its case made explicit), not JSON Schema's `format: email` (RFC 5321 takes `ana@example`
//   and `ana@[127.0.0.1]`, zod does not).
// - `z.coerce.boolean()` / `z.coerce.string()`: anything but a missing key.
// Every change keeps the schema plain JSON Schema: the binary runs no JavaScript. Pure: no
// import, so the unit tests drive it with zod-shaped objects.

/** `extendedSchema` (Nuxt Content's, for the collection) with what `zod` says put back. */
export function withZodFacts(extendedSchema, zod) {
  const schema = structuredClone(extendedSchema);
  const root = schema?.definitions?.__SCHEMA__ ?? schema;
  if (zod && root) walk(zod, zod.schema, root);
  return schema;
}

// A JavaScript number literal as `Number()` reads a string (blank is 0).
const NUMERIC = "^\\s*([+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?|0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[+-]?Infinity)?\\s*$";

function defOf(vendor, zs) {
  return vendor === "zod3" ? zs?._def : zs?._zod?.def;
}

function kindOf(vendor, def) {
  if (!def) return undefined;
  if (vendor === "zod4") return def.type;
  return { ZodOptional: "optional", ZodNullable: "nullable", ZodDefault: "default", ZodObject: "object", ZodArray: "array",
    ZodNumber: "number", ZodString: "string", ZodBoolean: "boolean", ZodReadonly: "readonly" }[def.typeName];
}

/** Replaces `node`'s content with `anyOf: [its old content, ...more]`. */
function widen(node, more) {
  const old = { ...node };
  for (const key of Object.keys(node)) delete node[key];
  node.anyOf = [old, ...more];
}

function walk(zod, zs, node) {
  if (!node || typeof node !== "object") return;
  const vendor = zod.vendor;
  const def = defOf(vendor, zs);
  switch (kindOf(vendor, def)) {
    case "optional":
    case "default":
    case "readonly":
      return walk(zod, def.innerType, node);
    case "nullable": {
      // `type: [x, "null"]` (zod 3) keeps one node; `anyOf: [x, {type: null}]` (zod 4) two.
      const branch = Array.isArray(node.anyOf) ? node.anyOf.find((b) => b?.type !== "null") : node;
      return walk(zod, def.innerType, branch);
    }
    case "object": {
      const shape = typeof def.shape === "function" ? def.shape() : def.shape;
      for (const [key, child] of Object.entries(shape ?? {})) {
        walk(zod, child, node.properties?.[key]);
      }
      return;
    }
    case "array":
      return walk(zod, vendor === "zod3" ? def.type : def.element, node.items);
    case "number":
      if (def.coerce) widen(node, [{ type: "string", pattern: NUMERIC }, { type: "boolean" }, { type: "null" }]);
      return;
    case "boolean":
      if (def.coerce) for (const key of Object.keys(node)) delete node[key];
      return;
    case "string":
      if (def.coerce) {
        for (const key of Object.keys(node)) delete node[key];
        return;
      }
      for (const check of def.checks ?? []) {
        datetime(zod, check, node);
        email(zod, check, node);
      }
      return;
    default:
  }
}

// zod 3.25's `emailRegex` (types.ts), `/…/i` spelled out as zod 4 spells the same regex.
const ZOD3_EMAIL = "^(?!\\.)(?!.*\\.\\.)([A-Za-z0-9_'+\\-\\.]*)[A-Za-z0-9_+-]@([A-Za-z0-9][A-Za-z0-9\\-]*\\.)+[A-Za-z]{2,}$";

function email(zod, check, node) {
  if (zod.vendor === "zod3" && check.kind === "email") {
    node.pattern = ZOD3_EMAIL;
    delete node.format;
    node["x-zod-format"] = "email";
  }
  if (zod.vendor === "zod4" && check?._zod?.def?.format === "email" && node.pattern) {
    delete node.format;
    node["x-zod-format"] = "email";
  }
}

function datetime(zod, check, node) {
  const vendor = zod.vendor;
  if (vendor === "zod3" && check.kind === "datetime") {
    if (typeof zod.datetimeRegex !== "function") {
      throw new Error("a zod 3 `.datetime()` field, and no datetimeRegex in the site's zod");
    }
    node.pattern = zod.datetimeRegex(check).source;
    delete node.format;
    node["x-zod-format"] = "datetime"; // the binary names it so in its message
  }
  if (vendor === "zod4" && check?._zod?.def?.format === "datetime" && node.pattern) {
    delete node.format;
    node["x-zod-format"] = "datetime";
  }
}

