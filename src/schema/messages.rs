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

fn prefixed(pointer: &str, message: String) -> String {
    let place = display_path(pointer);
    if place.is_empty() {
        message
    } else {
        format!("{place}: {message}")
    }
}

fn type_name(v: &Value) -> &'static str {
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

fn json_type_name(t: &str) -> &str {
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
        if missing.contains(&target) && merged.insert(target) {
            issue.message.push_str(&format!(" (\"{s}\" is missing)"));
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
            vec![issue(format!(
                "expected {expected}, found {}",
                type_name(instance)
            ))]
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
        ValidationErrorKind::MinLength { .. } => vec![issue("must not be empty".into())],
        ValidationErrorKind::MinItems { limit } => vec![issue(format!(
            "must have at least {limit} item{}",
            if *limit == 1 { "" } else { "s" }
        ))],
        ValidationErrorKind::Minimum { limit } => {
            vec![issue(format!(
                "must be at least {limit}, found {}",
                quote::value(instance)
            ))]
        }
        ValidationErrorKind::Pattern { pattern } => {
            let what = match pattern.as_str() {
                SLUG => {
                    "is not a slug (lowercase ASCII letters, digits and single hyphens)".to_string()
                }
                DATE => "is not a date written YYYY-MM-DD".to_string(),
                "^/" => "is not a page path (it must start with `/`)".to_string(),
                "\\S" => "must not be blank".to_string(),
                p => format!("does not match the pattern {p}"),
            };
            vec![issue(format!("{} {what}", quote::value(instance)))]
        }
        _ => vec![issue(short(&error.to_string()))],
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn display_paths_read_like_code() {
        assert_eq!(super::display_path("/questions/2/a"), "questions[2].a");
        assert_eq!(super::display_path(""), "");
        assert_eq!(super::display_path("/related/0"), "related[0]");
    }
}
