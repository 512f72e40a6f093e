//! Schema errors in words a content author understands.

use crate::quote::{self, short};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::ValidationError;
use serde_json::Value;

use crate::suggest::did_you_mean;

pub struct Issue {
    /// The value the message is about (for a missing or unknown key, that key's pointer).
    pub pointer: String,
    /// Underline the key naming the value rather than the value.
    pub at_key: bool,
    pub message: String,
    pub help: Option<String>,
    /// A required key that is absent.
    pub missing: bool,
    /// For an unknown key, the known key it is probably a misspelling of.
    pub suggestion: Option<String>,
    /// An unknown key that is no near miss of a declared one.
    pub undeclared: bool,
    /// The pointer of the missing key this misspelling stands for: one problem, so whatever
    /// else reports that missing key is not reported apart.
    pub absorbs: Option<String>,
}

const SLUG: &str = "^[a-z0-9]+(-[a-z0-9]+)*$";
const DATE: &str = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

/// `/questions/2/a` → `questions[2].a`: how an author would name the place.
pub fn display_path(pointer: &str) -> String {
    let mut out = String::new();
    for token in pointer.split('/').skip(1) {
        let token = token.replace("~1", "/").replace("~0", "~");
        if !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit()) {
            out.push_str(&format!("[{token}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&token);
        }
    }
    out
}

pub(super) fn prefixed(pointer: &str, message: String) -> String {
    let place = display_path(pointer);
    if place.is_empty() {
        message
    } else {
        format!("{place}: {message}")
    }
}

pub(super) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

pub(super) fn json_type_name(t: &str) -> &str {
    match t {
        "array" => "a list",
        "object" => "a mapping",
        "string" => "a string",
        "integer" => "an integer",
        "number" => "a number",
        "boolean" => "a boolean",
        "null" => "null",
        other => other,
    }
}

/// The property names the schema object at `schema_pointer` allows.
fn known_keys<'a>(schema: &'a Value, schema_pointer: &str) -> Vec<&'a str> {
    schema
        .pointer(schema_pointer)
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .map(|props| props.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

/// The short keys of a question written out in full (`answer:` for `a:`), which no spelling
/// distance finds.
fn long_form_of<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    let short = match key.to_lowercase().as_str() {
        "answer" => "a",
        "question" => "q",
        _ => return None,
    };
    known.iter().copied().find(|k| *k == short)
}

/// One problem, one finding: an unknown key that is a misspelling of a missing required key
/// (`answer:` written for `a:`) says both, and the missing key is not reported apart.
pub fn merge_misspelled(issues: &mut Vec<Issue>) {
    let missing: std::collections::HashSet<String> = issues
        .iter()
        .filter(|i| i.missing)
        .map(|i| i.pointer.clone())
        .collect();
    let mut merged = std::collections::HashSet::new();
    for issue in issues.iter_mut() {
        let Some(s) = &issue.suggestion else { continue };
        let parent = issue.pointer.rsplit_once('/').map_or("", |(p, _)| p);
        let target = format!("{parent}/{s}");
        if missing.contains(&target) && merged.insert(target.clone()) {
            issue.message.push_str(&format!(" (\"{s}\" is missing)"));
            issue.absorbs = Some(target);
        }
    }
    issues.retain(|i| !(i.missing && merged.contains(&i.pointer)));
}

/// `source`: the page is an author's (never suggest a key only a build adds).
pub fn describe(error: &ValidationError<'_>, schema: &Value, source: bool) -> Vec<Issue> {
    let pointer = error.instance_path().as_str().to_string();
    let instance = error.instance();
    let issue = |message: String| Issue {
        pointer: pointer.clone(),
        at_key: false,
        message: prefixed(&pointer, message),
        help: None,
        missing: false,
        suggestion: None,
        undeclared: false,
        absorbs: None,
    };
    match error.kind() {
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            vec![Issue {
                pointer: format!("{pointer}/{name}"),
                at_key: true,
                message: prefixed(&pointer, format!("missing required key \"{name}\"")),
                help: None,
                missing: true,
                suggestion: None,
                undeclared: false,
                absorbs: None,
            }]
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let schema_path = error.schema_path().as_str();
            let parent = schema_path
                .strip_suffix("/additionalProperties")
                .unwrap_or("");
            let mut known = known_keys(schema, parent);
            if source && parent.is_empty() {
                known.retain(|k| !super::BUILD_ONLY_KEYS.contains(k));
            }
            unexpected
                .iter()
                .map(|key| {
                    let suggestion = did_you_mean(key, known.iter().copied())
                        .or_else(|| long_form_of(key, &known));
                    let mut message = format!("unknown key \"{}\"", short(key));
                    if let Some(s) = suggestion {
                        message.push_str(&format!(" — did you mean \"{s}\"?"));
                    }
                    Issue {
                        pointer: format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1")),
                        at_key: true,
                        message: prefixed(&pointer, message),
                        help: Some(format!("allowed keys here: {}", known.join(", "))),
                        missing: false,
                        suggestion: suggestion.map(str::to_string),
                        undeclared: suggestion.is_none(),
                        absorbs: None,
                    }
                })
                .collect()
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(t) => json_type_name(&t.to_string()).to_string(),
                TypeKind::Multiple(ts) => ts
                    .iter()
                    .map(|t| json_type_name(&t.to_string()).to_string())
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            let mut message = format!("expected {expected}, found {}", type_name(instance));
            if let Some(stored) = super::nuxt_coercion::nuxt_would_store(&pointer, kind, instance) {
                message.push_str(&format!(" (Nuxt Content would store {stored})"));
            }
            vec![issue(message)]
        }
        ValidationErrorKind::Enum { options } => {
            let list: Vec<String> = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .map(|v| v.as_str().map_or(v.to_string(), String::from))
                        .collect()
                })
                .unwrap_or_default();
            vec![issue(format!(
                "{} is not one of {}",
                quote::value(instance),
                list.join(", ")
            ))]
        }
        // A bound or a format the schema names is said as it names it (`.min(2)` is no
        // "must not be empty").
        ValidationErrorKind::MinLength { limit: 1 } => vec![issue("must not be empty".into())],
        ValidationErrorKind::MinLength { limit } => vec![issue(format!(
            "{} is shorter than {limit} characters",
            quote::value(instance)
        ))],
        ValidationErrorKind::MaxLength { limit } => vec![issue(format!(
            "{} is longer than {limit} character{}",
            quote::value(instance),
            plural(*limit)
        ))],
        ValidationErrorKind::MinItems { limit } => vec![issue(format!(
            "must have at least {limit} item{}",
            plural(*limit)
        ))],
        ValidationErrorKind::MaxItems { limit } => vec![issue(format!(
            "must have at most {limit} item{}",
            plural(*limit)
        ))],
        ValidationErrorKind::Minimum { limit } => {
            vec![issue(format!(
                "must be at least {limit}, found {}",
                quote::value(instance)
            ))]
        }
        ValidationErrorKind::Maximum { limit } => vec![issue(format!(
            "must be at most {limit}, found {}",
            quote::value(instance)
        ))],
        ValidationErrorKind::ExclusiveMinimum { limit } => vec![issue(format!(
            "must be greater than {limit}, found {}",
            quote::value(instance)
        ))],
        ValidationErrorKind::ExclusiveMaximum { limit } => vec![issue(format!(
            "must be less than {limit}, found {}",
            quote::value(instance)
        ))],
        ValidationErrorKind::MultipleOf { multiple_of } => vec![issue(format!(
            "must be a multiple of {multiple_of}, found {}",
            quote::value(instance)
        ))],
        ValidationErrorKind::AnyOf { context } => {
            super::any_of::describe_any_of(error, context, schema, source)
        }
        ValidationErrorKind::Format { format } if format == super::nuxt_date::FORMAT => {
            vec![issue(format!(
                "{} is not a date Nuxt Content can read (YYYY-MM-DD, optionally with a time)",
                quote::value(instance)
            ))]
        }
        ValidationErrorKind::Format { format } if format == super::nuxt_date::NESTED => {
            vec![issue(format!(
                "{} stays a string: Nuxt Content makes a date only of a top-level field, and \
                 `z.date()` here takes no value a file can write (make it `z.string().date()`, \
                 or a field of its own)",
                quote::value(instance)
            ))]
        }
        ValidationErrorKind::Format { format } => vec![issue(format!(
            "{} is not a valid {format}",
            quote::value(instance)
        ))],
        ValidationErrorKind::Constant { expected_value } => vec![issue(format!(
            "must be {}, found {}",
            quote::value(expected_value),
            quote::value(instance)
        ))],
        ValidationErrorKind::Pattern { pattern } => {
            // A pattern that stands for a format zod names (the Nuxt module's zod-facts.mjs).
            if let Some(what) = super::zod_format::phrase(error, schema) {
                return vec![issue(format!("{} is not {what}", quote::value(instance)))];
            }
            let what = match pattern.as_str() {
                SLUG => {
                    "is not a slug (lowercase ASCII letters, digits and single hyphens)".to_string()
                }
                DATE => "is not a date written YYYY-MM-DD".to_string(),
                "^/" => "is not a page path (it must start with `/`)".to_string(),
                "\\S" => "must not be blank".to_string(),
                p => format!("does not match the pattern {}", short(p)),
            };
            vec![issue(format!("{} {what}", quote::value(instance)))]
        }
        // qalint's own keywords (js_length.rs) write their message whole, the value in it
        // already cut.
        ValidationErrorKind::Custom { message, .. } => vec![issue(message.clone())],
        _ => vec![issue(short(&error.to_string()))],
    }
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn what_nuxt_stores_for_a_value_of_the_wrong_type() {
        use jsonschema::error::TypeKind;
        use jsonschema::JsonType;
        use serde_json::json;
        let as_ = |t: JsonType, v: serde_json::Value| {
            crate::schema::nuxt_coercion::nuxt_would_store("/key", &TypeKind::Single(t), &v)
        };
        let nan = "NaN, which stops its build without naming this file";
        assert_eq!(as_(JsonType::Number, json!("ten")).as_deref(), Some(nan));
        assert_eq!(as_(JsonType::Number, json!(" 12 ")).as_deref(), Some("12"));
        assert_eq!(as_(JsonType::Integer, json!("1.5")).as_deref(), Some("1.5"));
        assert_eq!(
            as_(JsonType::Boolean, json!("false")).as_deref(),
            Some("true")
        );
        assert_eq!(as_(JsonType::Boolean, json!("")).as_deref(), Some("false"));
        assert_eq!(
            as_(JsonType::String, json!({"a": 1})).as_deref(),
            Some("\"[object Object]\"")
        );
        assert_eq!(
            as_(JsonType::String, json!(["a", 2])).as_deref(),
            Some("\"a,2\"")
        );
        assert_eq!(as_(JsonType::Array, json!("python")), None);
        // Nested values are stored as JSON, as written.
        let nested = TypeKind::Single(JsonType::Number);
        assert_eq!(
            crate::schema::nuxt_coercion::nuxt_would_store(
                "/questions/0/t",
                &nested,
                &json!("five")
            ),
            None
        );
    }

    #[test]
    fn display_paths_read_like_code() {
        assert_eq!(super::display_path("/questions/2/a"), "questions[2].a");
        assert_eq!(super::display_path(""), "");
        assert_eq!(super::display_path("/related/0"), "related[0]");
    }
}
