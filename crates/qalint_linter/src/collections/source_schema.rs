//! What a source file may say, from the JSON Schema Nuxt Content derives for a collection
//! (`defineCollection()`'s `extendedSchema`: the author's fields, plus the `page` type's and
//! every item's generated keys). A file's frontmatter is not the stored item: the keys a build
//! writes are not required of it, `title` and `description` are optional (Nuxt falls back to
//! the first heading and paragraph), and the author may still set any of them (`path`,
//! `navigation`, `seo`…), typed as Nuxt types them.

use serde_json::{Map, Value};

/// Keys Nuxt Content writes for every item, and those of a `page` item.
const ITEM_KEYS: [&str; 4] = ["id", "stem", "extension", "meta"];
const PAGE_KEYS: [&str; 6] = ["path", "title", "description", "seo", "body", "navigation"];

/// The schema of a collection's source files, from Nuxt's schema for its items (`$ref` to
/// `#/definitions/__SCHEMA__`, as zod-to-json-schema, `z.toJSONSchema` and valibot's converter
/// write it through Nuxt Content).
pub fn for_source_files(extended: &Value, page: bool) -> Result<Value, String> {
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
                .is_none_or(|k| !(ITEM_KEYS.contains(&k) || page && PAGE_KEYS.contains(&k)))
        });
    }
    // Other definitions stay reachable for any `$ref` inside the fields.
    if let Some(definitions) = extended.get("definitions") {
        object.insert("definitions".into(), definitions.clone());
    }
    if let Some(dialect) = extended.get("$schema") {
        object.insert("$schema".into(), dialect.clone());
    }
    Ok(root)
}

/// Whether a collection holds Q&A pages: its items have `questions`.
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
        let schema = for_source_files(&extended, true).expect("derived");
        assert_eq!(schema["required"], json!(["questions", "order"]));
        assert_eq!(schema["properties"]["path"], json!({ "type": "string" }));
        assert_eq!(schema["additionalProperties"], json!(false));
        assert!(is_qa(&schema));
        assert!(jsonschema::validator_for(&schema).is_ok());
        // A data collection's items keep `title` required when the author made it so.
        let data = for_source_files(&extended, false).expect("derived");
        assert_eq!(
            data["required"],
            json!(["title", "path", "body", "questions", "order"])
        );
    }

    #[test]
    fn a_reference_to_nothing_is_an_error() {
        let bad = json!({ "$ref": "#/definitions/missing" });
        assert!(for_source_files(&bad, true).is_err());
        assert!(for_source_files(&json!({ "$ref": "#/definitions" }), true).is_err());
    }
}
