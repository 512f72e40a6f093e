//! A string's length as JavaScript counts it: in UTF-16 code units, as zod's `.min()`,
//! `.max()` and `.length()` do (`"😀".length` is 2). JSON Schema's `minLength` counts code
//! points; a collection's schema, derived from zod, says `x-js-minLength` and `x-js-maxLength`
//! instead (see `collections/source_schema.rs`), checked here.

use jsonschema::paths::Location;
use jsonschema::{Keyword, ValidationError};
use serde_json::{Map, Value};

use crate::quote;

pub const MIN: &str = "x-js-minLength";
pub const MAX: &str = "x-js-maxLength";

struct Length {
    limit: u64,
    min: bool,
}

fn units(s: &str) -> u64 {
    s.encode_utf16().count() as u64
}

impl<'i> Keyword<'i> for Length {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        if self.is_valid(instance) {
            return Ok(());
        }
        let (value, limit) = (quote::value(instance), self.limit);
        let plural = if limit == 1 { "" } else { "s" };
        // A text whose count differs from what a reader sees (an emoji is two) says zod's count.
        let counted = match instance.as_str() {
            Some(s) if units(s) != s.chars().count() as u64 => {
                format!(" as zod counts them ({}: an emoji counts as two)", units(s))
            }
            _ => String::new(),
        };
        Err(ValidationError::custom(match (self.min, limit) {
            (true, 1) => "must not be empty".to_string(),
            (true, _) => format!("{value} is shorter than {limit} characters{counted}"),
            (false, _) => format!("{value} is longer than {limit} character{plural}{counted}"),
        }))
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        match instance.as_str() {
            Some(s) if self.min => units(s) >= self.limit,
            Some(s) => units(s) <= self.limit,
            None => true,
        }
    }
}

type Made<'a> = Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>>;

fn made(value: &Value, min: bool) -> Made<'_> {
    match value.as_u64() {
        Some(limit) => Ok(Box::new(Length { limit, min })),
        None => Err(ValidationError::schema("a length must be a whole number")),
    }
}

fn min_length<'a>(_: &'a Map<String, Value>, value: &'a Value, _: Location) -> Made<'a> {
    made(value, true)
}

fn max_length<'a>(_: &'a Map<String, Value>, value: &'a Value, _: Location) -> Made<'a> {
    made(value, false)
}

/// Registers both keywords.
pub fn register(
    options: jsonschema::ValidationOptions<'static>,
) -> jsonschema::ValidationOptions<'static> {
    options
        .with_keyword(MIN, min_length)
        .with_keyword(MAX, max_length)
}
