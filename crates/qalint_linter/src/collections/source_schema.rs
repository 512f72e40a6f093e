//! What a source file may say, from the JSON Schema Nuxt Content derives for a collection
//! (`defineCollection()`'s `extendedSchema`: the author's fields, plus the `page` type's and
//! every item's generated keys). A file's frontmatter is not the stored item: the keys a build
//! writes are not required of it, `title` and `description` are optional (Nuxt falls back to
//! the first heading and paragraph), and the author may still set any of them (`path`,
//! `navigation`, `seo`…), typed as Nuxt types them. A YAML or JSON page has no paragraph: Nuxt
//! derives its title (from the file name) but no description, which it then stores as null
//! where the page type says a string, so there `description` stays required.

use serde_json::{Map, Value};

/// Keys Nuxt Content writes for every item.
const ITEM_KEYS: [&str; 4] = ["id", "stem", "extension", "meta"];

/// The keys of a page item that Nuxt Content derives (or defaults) when a file leaves them out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Derived {
    /// A data collection's item: none.
    Nothing,
    /// A Markdown page: every page key.
    MarkdownPage,
    /// A YAML, JSON or CSV page: every page key but `description`.
    DataPage,
}

impl Derived {
    fn keys(self) -> &'static [&'static str] {
        match self {
            Derived::Nothing => &[],
            Derived::MarkdownPage => &["path", "title", "description", "seo", "body", "navigation"],
            Derived::DataPage => &["path", "title", "seo", "body", "navigation"],
        }
    }
}

/// The schema of a collection's source files, from Nuxt's schema for its items (`$ref` to
/// `#/definitions/__SCHEMA__`, as zod-to-json-schema, `z.toJSONSchema` and valibot's converter
/// write it through Nuxt Content).
pub fn for_source_files(extended: &Value, derived: Derived) -> Result<Value, String> {
    let mut root = match extended.get("$ref").and_then(Value::as_str) {
        Some(reference) => {
            let pointer = reference
                .strip_prefix('#')
                .ok_or_else(|| format!("a reference outside the schema: {reference}"))?;
            extended
                .pointer(pointer)
                .cloned()
                .ok_or_else(|| format!("{reference} names nothing in the schema"))?
        }
        None => extended.clone(),
    };
    let object = root
        .as_object_mut()
        .ok_or("the collection's schema is not an object schema")?;
    if let Some(required) = object.get_mut("required").and_then(Value::as_array_mut) {
        required.retain(|k| {
            k.as_str()
                .is_none_or(|k| !(ITEM_KEYS.contains(&k) || derived.keys().contains(&k)))
        });
    }
    as_nuxt_reads(&mut root, Depth::Root);
    let object = root
        .as_object_mut()
        .ok_or("the collection's schema is not an object schema")?;
    // Other definitions stay reachable for any `$ref` inside the fields.
    if let Some(definitions) = extended.get("definitions") {
        object.insert("definitions".into(), definitions.clone());
    }
    if let Some(dialect) = extended.get("$schema") {
        object.insert("$schema".into(), dialect.clone());
    }
    Ok(root)
}

/// Where a schema node sits: the item itself, one of its fields, or deeper (inside a field's
/// object or array), where Nuxt Content stores what it read as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Depth {
    Root,
    Field,
    Nested,
}

/// What the derived schema says as Nuxt Content reads a page, everywhere in it: a key with a
/// default is not required (zod 4's converter lists it, as the stored item always has it;
/// the page need not); a date field (`z.date()`, written `format: date`) is one Nuxt Content
/// can read, a string (see [`crate::schema::nuxt_date`]) or a year written as a number, which
/// it stores as a date; a date deeper down stays the string the file has, which `z.date()`
/// never takes; a string's length is counted as the schema's zod counts it (UTF-16 units as
/// JavaScript counts them, `crate::schema::js_length`, unless the module marks the field
/// `x-zod-length: code-points`).
fn as_nuxt_reads(node: &mut Value, depth: Depth) {
    match node {
        Value::Object(map) => {
            if map.get("format").and_then(Value::as_str) == Some("date")
                && map.get("type").and_then(Value::as_str) == Some("string")
            {
                if depth == Depth::Nested {
                    map.insert("format".into(), crate::schema::nuxt_date::NESTED.into());
                    return;
                }
                map.insert("format".into(), crate::schema::nuxt_date::FORMAT.into());
                let string = Value::Object(std::mem::take(map));
                let year =
                    serde_json::json!({ "type": "integer", "minimum": 1000, "maximum": 9999 });
                map.insert("anyOf".into(), Value::Array(vec![string, year]));
                return;
            }
            // zod 4.6 counts a string's length in code points, as JSON Schema does (the module
            // says so, asking the check itself); zod 3 and zod 4.0 in UTF-16 units.
            let code_points =
                map.get("x-zod-length").and_then(Value::as_str) == Some("code-points");
            let renamed = [
                ("minLength", crate::schema::JS_MIN_LENGTH),
                ("maxLength", crate::schema::JS_MAX_LENGTH),
            ];
            for (json, js) in renamed.into_iter().filter(|_| !code_points) {
                if let Some(limit) = map.remove(json) {
                    map.insert(js.into(), limit);
                }
            }
            let defaulted: Vec<String> = map
                .get("properties")
                .and_then(Value::as_object)
                .map(|p| {
                    p.iter()
                        .filter(|(_, s)| s.get("default").is_some())
                        .map(|(k, _)| k.clone())
                        .collect()
                })
                .unwrap_or_default();
            if let Some(required) = map.get_mut("required").and_then(Value::as_array_mut) {
                required.retain(|k| k.as_str().is_none_or(|k| !defaulted.iter().any(|d| d == k)));
            }
            for (key, value) in map.iter_mut() {
                let below = match (key.as_str(), depth) {
                    // A choice between schemas is a choice for the same value.
                    ("anyOf" | "oneOf" | "allOf", _) => depth,
                    ("properties", Depth::Root) => Depth::Field,
                    _ => Depth::Nested,
                };
                // A map from names to schemas is no schema: a field named `maxLength` or
                // `format` is a name, never a keyword to rewrite.
                let named = [
                    "properties",
                    "patternProperties",
                    "definitions",
                    "$defs",
                    "dependentSchemas",
                ];
                match (key.as_str(), value) {
                    (k, Value::Object(fields)) if named.contains(&k) => {
                        fields.values_mut().for_each(|f| as_nuxt_reads(f, below));
                    }
                    (_, value) => as_nuxt_reads(value, below),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|i| as_nuxt_reads(i, depth)),
        _ => {}
    }
}

/// The schema of a page a build wrote into `_payload.json`: its source schema as Nuxt
/// Content's database gives it back. The build adds a content hash to every item, stores the
/// body in its own compact form (minimark), and returns an optional value that was not
/// written as null.
pub fn for_built_pages(mut source: Value) -> Value {
    let required: Vec<String> = source
        .get("required")
        .and_then(Value::as_array)
        .map(|r| {
            r.iter()
                .filter_map(|k| k.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    if let Some(properties) = source.get_mut("properties").and_then(Value::as_object_mut) {
        for (key, schema) in properties.iter_mut() {
            if key == "body" {
                *schema = serde_json::json!({ "type": "object" });
            } else if !required.contains(key) {
                *schema = serde_json::json!({ "anyOf": [schema.take(), { "type": "null" }] });
            }
        }
        properties.insert("__hash__".into(), serde_json::json!({ "type": "string" }));
    }
    source
}

/// Whether a collection holds Q&A pages: its items have `questions`.
pub fn is_qa(source_schema: &Value) -> bool {
    source_schema
        .get("properties")
        .and_then(Value::as_object)
        .is_some_and(|p: &Map<String, Value>| p.contains_key("questions"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// What Nuxt Content 3.16.1 gives for a `page` collection (trimmed): the page's own keys are
    /// no longer required of a source file, the author's are, and every key stays typed.
    #[test]
    fn a_pages_generated_keys_are_not_required_of_its_file() {
        let extended = json!({
            "$schema": "http://json-schema.org/draft-07/schema#",
            "$ref": "#/definitions/__SCHEMA__",
            "definitions": { "__SCHEMA__": {
                "type": "object",
                "properties": {
                    "id": { "type": "string" }, "title": { "type": "string" },
                    "path": { "type": "string" }, "body": { "type": "object" },
                    "questions": { "type": "array" }, "order": { "type": "number" }
                },
                "required": ["id", "title", "path", "body", "questions", "order"],
                "additionalProperties": false
            } }
        });
        let schema = for_source_files(&extended, Derived::MarkdownPage).expect("derived");
        assert_eq!(schema["required"], json!(["questions", "order"]));
        assert_eq!(schema["properties"]["path"], json!({ "type": "string" }));
        assert_eq!(schema["additionalProperties"], json!(false));
        assert!(is_qa(&schema));
        assert!(jsonschema::validator_for(&schema).is_ok());
        // A data collection's items keep `title` required when the author made it so.
        let data = for_source_files(&extended, Derived::Nothing).expect("derived");
        assert_eq!(
            data["required"],
            json!(["title", "path", "body", "questions", "order"])
        );
    }

    /// A YAML page (a `.navigation.yml`) has no paragraph to take a description from: Nuxt
    /// stores none, where its page type says a string; its title comes from the file name.
    #[test]
    fn a_data_page_states_its_description() {
        let extended = json!({
            "type": "object",
            "properties": {
                "path": { "type": "string" }, "title": { "type": "string" },
                "description": { "type": "string" }, "body": { "type": "object" }
            },
            "required": ["path", "title", "description", "body"]
        });
        let yaml = for_source_files(&extended, Derived::DataPage).expect("derived");
        assert_eq!(yaml["required"], json!(["description"]));
        let markdown = for_source_files(&extended, Derived::MarkdownPage).expect("derived");
        assert_eq!(markdown["required"], json!([]));
    }

    /// As Nuxt reads a page: a key with a default (zod 4 lists it as required) may be left
    /// out, at any depth; a date field takes what Nuxt Content reads as a date.
    #[test]
    fn defaults_are_optional_and_dates_are_nuxt_dates() {
        let extended = json!({
            "type": "object",
            "properties": {
                "status": { "type": "string", "default": "draft" },
                "updated": { "type": "string", "format": "date" },
                "author": {
                    "type": "object",
                    "properties": { "role": { "type": "string", "default": "x" }, "name": { "type": "string" } },
                    "required": ["role", "name"]
                }
            },
            "required": ["status", "updated", "author"]
        });
        let schema = for_source_files(&extended, Derived::MarkdownPage).expect("derived");
        assert_eq!(schema["required"], json!(["updated", "author"]));
        assert_eq!(schema["properties"]["author"]["required"], json!(["name"]));
        let messages = |updated: serde_json::Value| {
            let page = json!({ "updated": updated, "author": { "name": "Ana" } });
            crate::schema::messages_of(&schema, &page)
        };
        for ok in [
            json!("2024-05-06"),
            json!("2024-05-06T10:20:30Z"),
            json!("2024-05-06 10:20"),
            json!(2024),
        ] {
            assert!(messages(ok.clone()).is_empty(), "{ok}");
        }
        assert_eq!(
            messages(json!("someday")),
            ["updated: \"someday\" is not a date Nuxt Content can read (YYYY-MM-DD, optionally with a time)"]
        );
        assert_eq!(
            messages(json!(true)),
            ["updated: expected a string or an integer, found a boolean"]
        );
    }

    /// A field named like a keyword (`maxLength`, `format`) is a field: the rewrite of lengths
    /// and dates touches keywords only.
    #[test]
    fn a_field_named_like_a_keyword_stays_a_field() {
        let extended = json!({
            "type": "object",
            "properties": {
                "maxLength": { "type": "integer" },
                "format": { "type": "string", "maxLength": 3 }
            },
            "required": ["maxLength", "format"],
            "additionalProperties": false
        });
        let schema = for_source_files(&extended, Derived::Nothing).expect("derived");
        let messages = |page: Value| crate::schema::messages_of(&schema, &page);
        assert!(messages(json!({ "maxLength": 3, "format": "md" })).is_empty());
        assert_eq!(
            messages(json!({ "maxLength": 3, "format": "html" })),
            ["format: \"html\" is longer than 3 characters"]
        );
    }

    /// Nuxt Content makes a date of a top-level field only: inside a field's object or array
    /// it stores the string the file has, which `z.date()` never takes (zod's own verdict on
    /// nuxt-ui-templates/portfolio's `speaking.yml`).
    #[test]
    fn a_nested_date_is_no_date() {
        let date = json!({ "type": "string", "format": "date" });
        let extended = json!({
            "type": "object",
            "properties": {
                "day": { "anyOf": [date, { "type": "null" }] },
                "events": { "type": "array", "items": {
                    "type": "object", "properties": { "date": date }
                } }
            }
        });
        let schema = for_source_files(&extended, Derived::Nothing).expect("derived");
        let messages = |page: Value| crate::schema::messages_of(&schema, &page);
        assert!(messages(json!({ "day": "2024-10-26" })).is_empty());
        assert_eq!(
            messages(json!({ "events": [{ "date": "2024-10-26" }] })),
            ["events[0].date: \"2024-10-26\" stays a string: Nuxt Content makes a date only of a \
              top-level field, and `z.date()` here takes no value a file can write (make it \
              `z.string().date()`, or a field of its own)"]
        );
    }

    /// A length is counted as JavaScript (and zod) count it: in UTF-16 units.
    #[test]
    fn lengths_are_counted_in_utf16_units() {
        let extended = json!({
            "type": "object",
            "properties": { "code": { "type": "string", "minLength": 2, "maxLength": 3 } }
        });
        let schema = for_source_files(&extended, Derived::MarkdownPage).expect("derived");
        assert_eq!(schema["properties"]["code"]["x-js-minLength"], json!(2));
        let messages = |code: &str| crate::schema::messages_of(&schema, &json!({ "code": code }));
        assert!(
            messages("😀").is_empty(),
            "an emoji is two units, as `\"😀\".length` is"
        );
        assert!(messages("a😀").is_empty());
        assert_eq!(messages("G"), ["code: \"G\" is shorter than 2 characters"]);
        assert_eq!(
            messages("ab😀"),
            ["code: \"ab😀\" is longer than 3 characters as zod counts them (4: an emoji counts \
              as two)"]
        );
    }

    #[test]
    fn lengths_of_a_zod_that_counts_code_points_are_counted_in_code_points() {
        let extended = json!({
            "type": "object",
            "properties": { "code": {
                "type": "string", "minLength": 2, "maxLength": 3, "x-zod-length": "code-points"
            } }
        });
        let schema = for_source_files(&extended, Derived::MarkdownPage).expect("derived");
        let messages = |code: &str| crate::schema::messages_of(&schema, &json!({ "code": code }));
        assert_eq!(
            messages("😀"),
            ["code: \"😀\" is shorter than 2 characters"],
            "zod 4.6 counts one emoji as one"
        );
        assert!(messages("ab😀").is_empty());
        assert_eq!(
            messages("ab😀😀"),
            ["code: \"ab😀😀\" is longer than 3 characters"]
        );
    }

    #[test]
    fn a_reference_to_nothing_is_an_error() {
        let bad = json!({ "$ref": "#/definitions/missing" });
        assert!(for_source_files(&bad, Derived::MarkdownPage).is_err());
        assert!(
            for_source_files(&json!({ "$ref": "#/definitions" }), Derived::MarkdownPage).is_err()
        );
    }
}
