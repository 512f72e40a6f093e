//! A value that matches none of a union's branches (`anyOf`: `z.union`, a discriminated
//! union, zod 4's `.nullable()`, a date Nuxt Content reads), said as the author would fix it:
//! the types allowed when the value has none of them; the one branch it nearly matches when
//! there is one (the object whose discriminator it has, with what that branch still misses);
//! the values a discriminator may take when it has none of them.

use jsonschema::error::ValidationErrorKind;
use jsonschema::ValidationError;
use serde_json::Value;

use super::messages::{describe, json_type_name, prefixed, type_name, Issue};
use crate::quote;

pub fn describe_any_of(
    error: &ValidationError<'_>,
    context: &[Vec<ValidationError<'static>>],
    schema: &Value,
    source: bool,
) -> Vec<Issue> {
    let at = error.instance_path().as_str();
    let instance = error.instance();
    let issue = |pointer: &str, message: String| Issue {
        pointer: pointer.to_string(),
        at_key: false,
        message: prefixed(pointer, message),
        help: None,
        missing: false,
        suggestion: None,
        undeclared: false,
        absorbs: None,
    };
    // Branches the value is not even of the type of: they only say which types may be.
    let mut types: Vec<String> = Vec::new();
    let mut near: Vec<&Vec<ValidationError<'static>>> = Vec::new();
    // Branches that fail on one constant of a child (a discriminator): the values it may take.
    let mut constants: Vec<(String, &Value)> = Vec::new();
    for branch in context {
        match branch.as_slice() {
            [e] if e.instance_path().as_str() == at => match e.kind() {
                ValidationErrorKind::Type { kind } => types.push(kind_names(kind)),
                _ => near.push(branch),
            },
            _ => {
                let discriminators: Vec<(String, &Value)> = branch
                    .iter()
                    .filter_map(|e| match e.kind() {
                        ValidationErrorKind::Constant { expected_value } => {
                            Some((e.instance_path().as_str().to_string(), &**expected_value))
                        }
                        _ => None,
                    })
                    .collect();
                match discriminators.as_slice() {
                    [one] => constants.push(one.clone()),
                    _ => near.push(branch),
                }
            }
        }
    }
    if let [branch] = near.as_slice() {
        return branch
            .iter()
            .flat_map(|e| describe(e, schema, source))
            .collect();
    }
    if near.is_empty() && !constants.is_empty() {
        let place = &constants[0].0;
        if constants.iter().all(|(p, _)| p == place) {
            let found = instance
                .pointer(place.strip_prefix(at).unwrap_or_default())
                .map_or("nothing".to_string(), quote::value);
            let allowed: Vec<String> = constants.iter().map(|(_, v)| quote::value(v)).collect();
            return vec![issue(
                place,
                format!("must be one of {}, found {found}", allowed.join(", ")),
            )];
        }
    }
    if near.is_empty() && constants.is_empty() && !types.is_empty() {
        types.dedup();
        return vec![issue(
            at,
            format!(
                "expected {}, found {}",
                types.join(" or "),
                type_name(instance)
            ),
        )];
    }
    vec![issue(
        at,
        format!(
            "{} matches none of the {} forms the schema allows",
            quote::value(instance),
            context.len()
        ),
    )]
}

fn kind_names(kind: &jsonschema::error::TypeKind) -> String {
    match kind {
        jsonschema::error::TypeKind::Single(t) => json_type_name(&t.to_string()).to_string(),
        jsonschema::error::TypeKind::Multiple(ts) => ts
            .iter()
            .map(|t| json_type_name(&t.to_string()).to_string())
            .collect::<Vec<_>>()
            .join(" or "),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    fn messages(schema: serde_json::Value, page: serde_json::Value) -> Vec<String> {
        super::super::messages_of(&schema, &page)
    }

    /// As zod 4 and zod-to-json-schema write a union, a nullable and a discriminated union.
    #[test]
    fn a_union_is_said_as_the_author_would_fix_it() {
        let media = json!({ "anyOf": [
            { "type": "object", "properties": { "type": { "const": "video" }, "url": { "type": "string" } },
              "required": ["type", "url"] },
            { "type": "object", "properties": { "type": { "const": "image" }, "alt": { "type": "string" } },
              "required": ["type", "alt"] }
        ] });
        let schema = json!({ "type": "object", "properties": {
            "answer": { "anyOf": [{ "type": "string" }, { "type": "number" }] },
            "reviewer": { "anyOf": [{ "type": "string" }, { "type": "null" }] },
            "media": media
        } });
        assert_eq!(
            messages(schema.clone(), json!({ "answer": true, "reviewer": 5 })),
            [
                "answer: expected a string or a number, found a boolean",
                "reviewer: expected a string or null, found an integer"
            ]
        );
        assert_eq!(
            messages(
                schema.clone(),
                json!({ "media": { "type": "audio", "url": "x" } })
            ),
            ["media.type: must be one of \"video\", \"image\", found \"audio\""]
        );
        assert_eq!(
            messages(schema.clone(), json!({ "media": { "type": "video" } })),
            ["media: missing required key \"url\""]
        );
        assert_eq!(
            messages(schema, json!({ "media": "video" })),
            ["media: expected a mapping, found a string"]
        );
    }
}
