//! What Nuxt Content stores for a value of the wrong type, said in the schema's messages.

use jsonschema::error::TypeKind;
use serde_json::Value;

use crate::quote::short;

/// What Nuxt Content's SQL insert makes of a top-level value of the wrong type (each such key
/// is a column; nested values are stored as JSON, as written): it validates nothing and
/// coerces, `Number(v)` for a number column, `!!v` for a boolean one, `String(v)` for text.
pub(super) fn nuxt_would_store(pointer: &str, kind: &TypeKind, instance: &Value) -> Option<String> {
    if pointer.matches('/').count() != 1 {
        return None;
    }
    let TypeKind::Single(expected) = kind else {
        return None;
    };
    match (expected.to_string().as_str(), instance) {
        ("number" | "integer", Value::String(s)) => Some(match js_number(s) {
            Some(n) => format!("{n}"),
            None => "NaN, which stops its build without naming this file".into(),
        }),
        ("number" | "integer", Value::Bool(b)) => Some(u8::from(*b).to_string()),
        ("boolean", Value::String(s)) => Some(format!("{}", !s.is_empty())),
        ("boolean", Value::Number(n)) => Some(format!("{}", n.as_f64() != Some(0.0))),
        ("string", Value::Object(_)) => Some("\"[object Object]\"".into()),
        ("string", Value::Array(items)) => {
            let parts: Vec<String> = items
                .iter()
                .map(|v| match v {
                    Value::String(s) => s.clone(),
                    Value::Null => String::new(),
                    Value::Object(_) => "[object Object]".into(),
                    other => other.to_string(),
                })
                .collect();
            Some(format!("\"{}\"", short(&parts.join(","))))
        }
        _ => None,
    }
}

/// JavaScript's `Number(s)` for the strings an author writes: blank is 0, else a decimal
/// number (surrounding spaces allowed), else NaN (`None`).
fn js_number(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() {
        return Some(0.0);
    }
    let plain = t.trim_start_matches(['+', '-']).bytes().all(|b| {
        b.is_ascii_digit() || b == b'.' || b == b'e' || b == b'E' || b == b'+' || b == b'-'
    });
    plain.then(|| t.parse::<f64>().ok()).flatten()
}
