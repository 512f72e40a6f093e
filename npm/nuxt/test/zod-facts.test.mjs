// What the derived JSON Schema leaves out of a zod schema is put back (zod-facts.mjs), on
// zod-shaped objects of both versions: zod 3's `_def.typeName`, zod 4's `_zod.def.type`.
import assert from "node:assert/strict";
import { test } from "node:test";
import { withZodFacts } from "../src/zod-facts.mjs";

const z3 = (typeName, more = {}) => ({ _def: { typeName, ...more } });
const z4 = (type, more = {}) => ({ _zod: { def: { type, ...more } } });
const extended = (properties) => ({
  $ref: "#/definitions/__SCHEMA__",
  definitions: { __SCHEMA__: { type: "object", properties, required: Object.keys(properties) } },
});
const props = (schema) => schema.definitions.__SCHEMA__.properties;

test("a coerced number takes what Number() reads, in both zods, the original untouched", () => {
  const json = extended({ count: { type: "number", minimum: 1 } });
  const shape = { count: z3("ZodNumber", { coerce: true }) };
  const out = withZodFacts(json, { vendor: "zod3", schema: z3("ZodObject", { shape: () => shape }) });
  const [number, string, boolean, nothing] = props(out).count.anyOf;
  assert.deepEqual(number, { type: "number", minimum: 1 });
  assert.equal(string.type, "string");
  assert.match("  12 ", new RegExp(string.pattern));
  assert.match("0x1F", new RegExp(string.pattern));
  assert.match("", new RegExp(string.pattern));
  assert.doesNotMatch("abc", new RegExp(string.pattern));
  assert.deepEqual([boolean, nothing], [{ type: "boolean" }, { type: "null" }]);
  assert.deepEqual(props(json).count, { type: "number", minimum: 1 }, "the input is not changed");

  const four = withZodFacts(extended({ n: { type: "number" } }), {
    vendor: "zod4",
    schema: z4("object", { shape: { n: z4("optional", { innerType: z4("number", { coerce: true }) }) } }),
  });
  assert.equal(props(four).n.anyOf.length, 4);
});

test("zod 3's datetime takes zod's own regex, not JSON Schema's date-time", () => {
  const check = { kind: "datetime", offset: true, local: false, precision: null };
  const seen = [];
  const datetimeRegex = (c) => (seen.push(c), /^zod$/);
  const out = withZodFacts(extended({ at: { type: "string", format: "date-time" } }), {
    vendor: "zod3",
    datetimeRegex,
    schema: z3("ZodObject", { shape: () => ({ at: z3("ZodString", { checks: [check] }) }) }),
  });
  assert.deepEqual(props(out).at, { type: "string", pattern: "^zod$", "x-zod-format": "datetime" });
  assert.deepEqual(seen, [check]);
  assert.throws(
    () => withZodFacts(extended({ at: { type: "string" } }), {
      vendor: "zod3",
      schema: z3("ZodObject", { shape: () => ({ at: z3("ZodString", { checks: [check] }) }) }),
    }),
    /no datetimeRegex/,
  );
});

test("zod 4's datetime keeps its pattern and drops the stricter format; nullable is walked", () => {
  const check = { _zod: { def: { check: "string_format", format: "datetime" } } };
  const out = withZodFacts(
    extended({ at: { anyOf: [{ type: "string", format: "date-time", pattern: "^p$" }, { type: "null" }] } }),
    {
      vendor: "zod4",
      schema: z4("object", { shape: { at: z4("nullable", { innerType: z4("string", { checks: [check] }) }) } }),
    },
  );
  assert.deepEqual(props(out).at.anyOf, [{ type: "string", pattern: "^p$", "x-zod-format": "datetime" }, { type: "null" }]);
});

test("objects and arrays are walked to the field; no zod schema leaves the schema as it is", () => {
  const json = extended({ list: { type: "array", items: { type: "object", properties: { b: { type: "boolean" } } } } });
  const out = withZodFacts(json, {
    vendor: "zod3",
    schema: z3("ZodObject", {
      shape: () => ({ list: z3("ZodArray", { type: z3("ZodObject", { shape: () => ({ b: z3("ZodBoolean", { coerce: true }) }) }) }) }),
    }),
  });
  assert.deepEqual(props(out).list.items.properties.b, {});
  assert.deepEqual(withZodFacts(json, undefined), json);
});

test("an email is zod's: its regex in both zods, JSON Schema's laxer format gone", () => {
  const three = withZodFacts(extended({ c: { type: "string", format: "email" } }), {
    vendor: "zod3",
    schema: z3("ZodObject", { shape: () => ({ c: z3("ZodString", { checks: [{ kind: "email" }] }) }) }),
  });
  const { pattern, format } = props(three).c;
  assert.equal(format, undefined);
  assert.equal(props(three).c["x-zod-format"], "email");
  const re = new RegExp(pattern);
  for (const ok of ["ana@example.com", "ANA+qa@Example.CO.uk"]) assert.match(ok, re);
  for (const bad of ["ana@example", "ana@[127.0.0.1]", ".ana@example.com", "a..b@example.com"]) {
    assert.doesNotMatch(bad, re);
  }
  const check = { _zod: { def: { check: "string_format", format: "email" } } };
  const four = withZodFacts(extended({ c: { type: "string", format: "email", pattern: "^z$" } }), {
    vendor: "zod4",
    schema: z4("object", { shape: { c: z4("string", { checks: [check] }) } }),
  });
  assert.deepEqual(props(four).c, { type: "string", pattern: "^z$", "x-zod-format": "email" });
});

test("a string .date() and .time() are zod's regexes, not Nuxt Content's date reading", () => {
  const fmt = (format) => ({ _zod: { def: { check: "string_format", format } } });
  const four = withZodFacts(extended({ d: { type: "string", format: "date", pattern: "^d$" }, t: { type: "string", pattern: "^t$" } }), {
    vendor: "zod4",
    schema: z4("object", { shape: { d: z4("string", { checks: [fmt("date")] }), t: z4("string", { checks: [fmt("time")] }) } }),
  });
  assert.deepEqual(props(four).d, { type: "string", pattern: "^d$", "x-zod-format": "date" });
  assert.deepEqual(props(four).t, { type: "string", pattern: "^t$", "x-zod-format": "time" });
  // zod 3: zod-to-json-schema writes `format: date`, the binary would read it as z.date().
  const three = withZodFacts(extended({ d: { type: "string", format: "date" }, t: { type: "string", format: "time" } }), {
    vendor: "zod3",
    schema: z3("ZodObject", { shape: () => ({
      d: z3("ZodString", { checks: [{ kind: "date" }] }),
      t: z3("ZodString", { checks: [{ kind: "time", precision: null }] }),
    }) }),
  });
  const date = new RegExp(props(three).d.pattern);
  assert.equal(props(three).d.format, undefined);
  assert.match("2024-02-29", date);
  for (const bad of ["2023-02-29", "2023-12-25T00:00:00.000Z", "2024-1-2"]) assert.doesNotMatch(bad, date);
  const time = new RegExp(props(three).t.pattern);
  for (const ok of ["03:04", "03:04:05", "23:59:59.123"]) assert.match(ok, time);
  for (const bad of ["24:00", "03:04:05Z", "3:04"]) assert.doesNotMatch(bad, time);
});

test("a zod 4 schema with a converter of its own is converted by it, Nuxt Content's page keys kept", () => {
  const seen = [];
  const schema = {
    ...z4("object", { shape: {} }),
    toJSONSchema(options) {
      seen.push(options);
      const jsonSchema = {};
      options.override({ zodSchema: z4("date"), jsonSchema });
      assert.deepEqual(jsonSchema, { type: "string", format: "date" }, "z.date() as Nuxt Content writes it");
      return { properties: { title: { type: "string", minLength: 3 } }, required: ["title", "tags"] };
    },
  };
  const json = extended({ title: { type: "string" }, path: { type: "string" } });
  const out = withZodFacts(json, { vendor: "zod4", schema });
  assert.equal(seen[0].target, "draft-7");
  assert.deepEqual(props(out).title, { type: "string", minLength: 3 });
  assert.deepEqual(props(out).path, { type: "string" });
  assert.deepEqual(out.definitions.__SCHEMA__.required, ["title", "path", "tags"]);
});

test("a zod 4 length check that counts code points (zod 4.6) is said so; one that counts units (zod 4.0) is not", () => {
  // A min_length check as zod builds it: a def and a check function pushing issues.
  const minLength = (minimum, count) => ({
    _zod: {
      def: { check: "min_length", minimum },
      check: (payload) => {
        if (count(payload.value) < minimum) payload.issues.push({ code: "too_small" });
      },
    },
  });
  const codePoints = (s) => [...s].length;
  const units = (s) => s.length;
  const schema = (count, minimum) => z4("object", { shape: { s: z4("string", { checks: [minLength(minimum, count)] }) } });
  const marked = (count, minimum) =>
    props(withZodFacts(extended({ s: { type: "string", minLength: minimum } }), { vendor: "zod4", schema: schema(count, minimum) })).s["x-zod-length"];
  assert.equal(marked(codePoints, 2), "code-points");
  assert.equal(marked(units, 2), undefined);
  // A minimum of 1 is met alike by both countings: nothing to tell, nothing said.
  assert.equal(marked(codePoints, 1), undefined);
});
