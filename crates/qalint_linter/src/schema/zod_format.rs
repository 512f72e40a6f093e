//! A `pattern` that stands for a format zod names: where zod's own regex replaces JSON
//! Schema's `format` (the Nuxt module writes `x-zod-format` beside it), a failure is said as
//! the format, not as the regex.

use jsonschema::ValidationError;
use serde_json::Value;

/// What the failed value is not, in words, when its pattern stands for a zod format.
pub fn phrase(error: &ValidationError<'_>, schema: &Value) -> Option<&'static str> {
    let node = error.schema_path().as_str().strip_suffix("/pattern")?;
    match schema.pointer(node)?.get("x-zod-format")?.as_str()? {
        "datetime" => Some(
            "a date and time as the schema's `.datetime()` takes it (such as 2024-01-02T03:04:05Z)",
        ),
        "email" => Some("an email address as the schema's `.email()` takes it"),
        "date" => Some("a calendar date as the schema's `.date()` takes it (such as 2024-01-02)"),
        "time" => Some("a time of day as the schema's `.time()` takes it (such as 03:04:05)"),
        _ => None,
    }
}
