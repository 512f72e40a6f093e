// A record that says less than the zod schema is found, field by field (zod-exact.mjs), on
// zod-shaped objects of both versions.
import assert from "node:assert/strict";
import { test } from "node:test";
import { weakerFields } from "../src/zod-exact.mjs";

const z3 = (typeName, more = {}) => ({ _def: { typeName, ...more } });
const z4 = (type, more = {}) => ({ _zod: { def: { type, ...more } } });
const check4 = (check, more = {}) => ({ _zod: { def: { check, ...more } } });
const root = (properties) => ({ definitions: { __SCHEMA__: { type: "object", properties } } });

test("a bound the converter dropped names its field (zod 4 from `zod` through Nuxt Content's converter)", () => {
  const zod = {
    vendor: "zod4",
    schema: z4("object", { shape: {
      name: z4("string", { checks: [check4("min_length", { minimum: 2 }), check4("max_length", { maximum: 5 })] }),
      order: z4("number", { checks: [check4("number_format", { format: "safeint" })] }),
      tags: z4("optional", { innerType: z4("array", { element: z4("string"), checks: [check4("min_length", { minimum: 1 })] }) }),
    } }),
  };
  const dropped = root({ name: { type: "string" }, order: { type: "number" }, tags: { type: "array", items: { type: "string" } } });
  assert.deepEqual(weakerFields(dropped, zod).map((w) => w.field), ["name", "order", "tags"]);
  assert.match(weakerFields(dropped, zod)[0].why, /min_length/);
  const kept = root({
    name: { type: "string", minLength: 2, maxLength: 5 },
    order: { type: "integer", minimum: -9007199254740991 },
    tags: { type: "array", minItems: 1, items: { type: "string" } },
  });
  assert.deepEqual(weakerFields(kept, zod), []);
});

test("refine, transform and trim are said as the author wrote them, in both zods", () => {
  const four = weakerFields(root({ a: { type: "string" }, b: {}, c: { type: "string", minLength: 1 } }), {
    vendor: "zod4",
    schema: z4("object", { shape: {
      a: z4("string", { checks: [check4("custom")] }),
      b: z4("pipe"),
      c: z4("string", { checks: [check4("overwrite"), check4("min_length", { minimum: 1 })] }),
    } }),
  });
  assert.deepEqual(four, [
    { field: "a", why: "a .refine() or .superRefine(), which JSON Schema cannot say" },
    { field: "b", why: "a .transform() or .pipe(), which JSON Schema cannot say" },
    { field: "c", why: "a .trim() or a case change before its checks, which JSON Schema cannot say" },
  ]);
  const three = weakerFields(root({ author: { type: "object", properties: { name: { type: "string" } } } }), {
    vendor: "zod3",
    schema: z3("ZodObject", { shape: () => ({
      author: z3("ZodObject", { shape: () => ({ name: z3("ZodEffects", { schema: z3("ZodString") }) }) }),
    }) }),
  });
  assert.deepEqual(three.map((w) => w.field), ["author.name"]);
  assert.match(three[0].why, /\.refine\(\), \.transform\(\) or \.preprocess\(\)/);
});

test("formats qalint checks as zod pass; others, and a field missing from the record, do not", () => {
  const fmt = (kind) => z3("ZodString", { checks: [{ kind }] });
  const zod = { vendor: "zod3", schema: z3("ZodObject", { shape: () => ({ e: fmt("email"), c: fmt("cuid2"), gone: z3("ZodString") }) }) };
  const out = weakerFields(root({ e: { type: "string", pattern: "^x$" }, c: { type: "string", pattern: "^y$" } }), zod);
  assert.deepEqual(out.map((w) => w.field), ["c", "gone"]);
});

test("unions: branches are matched by position; plain branches collapsed by the converter pass", () => {
  const zod = (options) => ({ vendor: "zod4", schema: z4("object", { shape: { u: z4("union", { options }) } }) });
  const bounded = z4("string", { checks: [check4("min_length", { minimum: 2 })] });
  assert.deepEqual(weakerFields(root({ u: { type: ["string", "number"] } }), zod([z4("string"), z4("number")])), []);
  assert.deepEqual(weakerFields(root({ u: { anyOf: [{ type: "string" }, { type: "number" }] } }), zod([bounded, z4("number")])).map((w) => w.field), ["u"]);
  assert.deepEqual(weakerFields(root({ u: { anyOf: [{ type: "string", minLength: 2 }, { type: "number" }] } }), zod([bounded, z4("number")])), []);
});
