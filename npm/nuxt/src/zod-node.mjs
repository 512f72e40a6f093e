// One shape for a node of a zod schema, whichever zod wrote it: zod 3 keeps `_def.typeName`
// and checks of its own names, zod 4 keeps `_zod.def.type` and check objects. zod-facts.mjs
// (what the derived JSON Schema leaves out) and zod-exact.mjs (what it cannot hold) read
// schemas through this alone. Pure: no import, so the unit tests drive it with zod-shaped
// objects.

const ZOD3_KINDS = {
  ZodString: "string",
  ZodNumber: "number",
  ZodBoolean: "boolean",
  ZodDate: "date",
  ZodEnum: "enum",
  ZodNativeEnum: "enum",
  ZodLiteral: "literal",
  ZodUnion: "union",
  ZodDiscriminatedUnion: "union",
  ZodObject: "object",
  ZodArray: "array",
  ZodOptional: "optional",
  ZodNullable: "nullable",
  ZodDefault: "default",
  ZodRecord: "record",
  ZodAny: "any",
  ZodUnknown: "unknown",
  ZodNull: "null",
  ZodReadonly: "readonly",
  ZodEffects: "effects",
  ZodPipeline: "pipe",
  ZodLazy: "lazy",
  ZodCatch: "catch",
  ZodBranded: "branded",
};

// zod 3's string checks by zod 4's names: a bound, a format, or a rewrite of the value.
const ZOD3_STRING = { min: "min_length", max: "max_length", length: "length_equals" };
const ZOD3_REWRITES = ["trim", "toLowerCase", "toUpperCase"];

/**
 * `{ kind, coerce, inner, shape, element, options, values, checks }` for the zod schema `zs`
 * of `vendor` ("zod3" or "zod4"), or undefined when `zs` is not one. `checks` are
 * `{ name, format?, value?, inclusive? }` with zod 4's names (`min_length`, `string_format`,
 * `greater_than`, `number_format`, `custom`, `overwrite`, …).
 */
export function zodNode(vendor, zs) {
  return vendor === "zod3" ? zod3Node(zs?._def) : zod4Node(zs?._zod?.def);
}

function zod3Node(def) {
  if (!def) return undefined;
  const kind = ZOD3_KINDS[def.typeName] ?? String(def.typeName);
  const node = { kind, coerce: Boolean(def.coerce), checks: [] };
  if (["optional", "nullable", "default", "readonly", "catch"].includes(kind)) node.inner = def.innerType;
  if (kind === "branded") node.inner = def.type;
  if (kind === "object") node.shape = typeof def.shape === "function" ? def.shape() : def.shape;
  if (kind === "array") node.element = def.type;
  if (kind === "union") node.options = [...(def.options?.values?.() ?? def.options ?? [])];
  if (kind === "record") node.values = def.valueType;
  if (kind === "string") {
    node.checks = (def.checks ?? []).map((c) => {
      if (ZOD3_STRING[c.kind]) return { name: ZOD3_STRING[c.kind], value: c.value };
      if (ZOD3_REWRITES.includes(c.kind)) return { name: "overwrite", format: c.kind };
      return { name: "string_format", format: c.kind, raw: c };
    });
  }
  if (kind === "number") {
    node.checks = (def.checks ?? []).map((c) => {
      if (c.kind === "min") return { name: "greater_than", value: c.value, inclusive: c.inclusive };
      if (c.kind === "max") return { name: "less_than", value: c.value, inclusive: c.inclusive };
      if (c.kind === "int") return { name: "number_format", format: "int" };
      if (c.kind === "multipleOf") return { name: "multiple_of", value: c.value };
      return { name: c.kind };
    });
  }
  if (kind === "array") {
    for (const [key, name] of [["minLength", "min_length"], ["maxLength", "max_length"], ["exactLength", "length_equals"]]) {
      if (def[key]) node.checks.push({ name, value: def[key].value });
    }
  }
  if (kind === "date") node.checks = (def.checks ?? []).map((c) => ({ name: `date_${c.kind}` }));
  return node;
}

function zod4Node(def) {
  if (!def) return undefined;
  const kind = String(def.type);
  const node = { kind, coerce: Boolean(def.coerce), checks: [] };
  if (["optional", "nullable", "default", "readonly", "catch", "prefault", "nonoptional"].includes(kind)) {
    node.inner = def.innerType;
  }
  if (kind === "object") node.shape = typeof def.shape === "function" ? def.shape() : def.shape;
  if (kind === "array") node.element = def.element;
  if (kind === "union") node.options = [...(def.options ?? [])];
  if (kind === "record") node.values = def.valueType;
  // A format schema (`z.email()`, `z.iso.date()`) is its own check.
  const own = def.check ? [{ _zod: { def } }] : [];
  node.checks = [...own, ...(def.checks ?? [])].map((c) => {
    const d = c?._zod?.def ?? {};
    return {
      name: String(d.check),
      format: d.format,
      value: d.value ?? d.minimum ?? d.maximum ?? d.length,
      inclusive: d.inclusive,
      raw: d,
      instance: c,
    };
  });
  return node;
}
