//! The page JSON Schema: embedded, overridable, compiled once per run.

mod any_of;
mod js_length;
mod messages;
mod nuxt_coercion;
pub mod nuxt_date;
mod zod_format;
pub use js_length::{MAX as JS_MAX_LENGTH, MIN as JS_MIN_LENGTH};

use serde_json::Value;

pub use messages::{display_path, Issue};

/// Page keys only a build writes: never suggested for an author's page (did-you-mean,
/// completion).
pub const BUILD_ONLY_KEYS: [&str; 7] =
    ["id", "stem", "extension", "meta", "seo", "body", "__hash__"];

/// The schema built into the binary (`schemas/page.schema.json`).
pub const EMBEDDED: &str = include_str!("../../../../schemas/page.schema.json");

pub struct PageSchema {
    raw: Value,
    /// Compiled when a page is first checked: a run served from the cache never needs it.
    validator: std::sync::OnceLock<jsonschema::Validator>,
    /// A Nuxt Content collection's schema of source files: Nuxt Content keeps a key the schema
    /// does not declare (and zod strips it), so such a key is the undeclared-key rule's, not
    /// an error of the schema (a near miss of a declared key still is).
    keeps_undeclared: bool,
}

impl std::fmt::Debug for PageSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PageSchema")
    }
}

impl PageSchema {
    /// The schema's JSON (its `properties` are the keys a page may have).
    pub fn raw(&self) -> &Value {
        &self.raw
    }

    /// The embedded schema, compiled when first used (a unit test proves it compiles).
    pub fn embedded() -> Result<Self, String> {
        let raw: Value = serde_json::from_str(EMBEDDED)
            .map_err(|e| format!("the embedded schema is not JSON: {e}"))?;
        Ok(PageSchema {
            raw,
            validator: std::sync::OnceLock::new(),
            keeps_undeclared: false,
        })
    }

    pub fn from_text(text: &str, name: &str) -> Result<Self, String> {
        let raw: Value =
            serde_json::from_str(text).map_err(|e| format!("{name} is not JSON: {e}"))?;
        // A user's schema is compiled at once: one that does not compile is a usage error.
        let validator =
            compile(&raw).map_err(|e| format!("{name} is not a valid JSON Schema: {e}"))?;
        Ok(PageSchema {
            raw,
            validator: validator.into(),
            keeps_undeclared: false,
        })
    }

    /// The schema of a collection whose site keeps keys it does not declare (Nuxt Content's).
    pub fn keeping_undeclared_keys(mut self) -> Self {
        self.keeps_undeclared = true;
        self
    }

    /// Whether `issue` is a key this schema does not declare and its site keeps (no near miss
    /// of a declared key): the undeclared-key rule's to report, not the schema rule's.
    pub fn kept_undeclared(&self, issue: &Issue) -> bool {
        self.keeps_undeclared && issue.undeclared
    }

    fn validator(&self) -> &jsonschema::Validator {
        self.validator
            .get_or_init(|| compile(&self.raw).expect("the embedded schema compiles (tested)"))
    }

    /// What is wrong with `value` against this schema, in words, one issue per place (a
    /// misspelled key and the missing key it stands for are one). `source`: the page is an
    /// author's (never suggest a key only a build adds).
    pub fn issues(&self, value: &Value, source: bool) -> Vec<Issue> {
        // Most pages are valid: the yes-or-no check stops at nothing and builds no error,
        // where collecting the errors walks the tree with an error path at each step.
        if self.validator().is_valid(value) {
            return Vec::new();
        }
        let mut issues: Vec<Issue> = self
            .validator()
            .iter_errors(value)
            .flat_map(|error| messages::describe(&error, &self.raw, source))
            .collect();
        messages::merge_misspelled(&mut issues);
        issues
    }
}

/// The messages of `page`'s issues against the schema `raw` (for tests of what they say).
#[cfg(test)]
pub(crate) fn messages_of(raw: &Value, page: &Value) -> Vec<String> {
    let schema = PageSchema::from_text(&raw.to_string(), "test").expect("compiles");
    schema
        .issues(page, true)
        .into_iter()
        .map(|i| i.message)
        .collect()
}

/// A validator for `raw`, with the formats qalint's collection schemas name. A format is
/// checked whatever the draft (2019-09 and later make it a note by default): a linter that
/// reads `format: email` and lets `ana@` pass would be wrong.
fn compile(raw: &Value) -> Result<jsonschema::Validator, jsonschema::ValidationError<'static>> {
    let options = jsonschema::options()
        .should_validate_formats(true)
        .with_format(nuxt_date::FORMAT, nuxt_date::is_date)
        .with_format(nuxt_date::NESTED, nuxt_date::is_nested_date);
    js_length::register(options).build(raw)
}

#[cfg(test)]
mod tests {
    /// A bound, a pattern or a format is named as the schema names it; zod's own datetime
    /// regex (which the Nuxt module writes) is said as a date and time, not as its regex.
    #[test]
    fn messages_name_what_the_schema_says() {
        let schema = serde_json::json!({ "type": "object", "properties": {
            "topic": { "type": "string", "minLength": 2 },
            "slug": { "type": "string", "pattern": "^[a-z]+$" },
            "at": { "type": "string", "pattern": "^(\\d{4})T$", "x-zod-format": "datetime" },
            "contact": { "type": "string", "format": "email" },
            "mail": { "type": "string", "pattern": "^z$", "x-zod-format": "email" }
        } });
        let page = serde_json::json!({
            "topic": "G", "slug": "A B", "at": "2024", "contact": "ana@", "mail": "ana@example"
        });
        assert_eq!(
            super::messages_of(&schema, &page),
            [
                "at: \"2024\" is not a date and time as the schema's `.datetime()` takes it (such as 2024-01-02T03:04:05Z)",
                "contact: \"ana@\" is not a valid email",
                "mail: \"ana@example\" is not an email address as the schema's `.email()` takes it",
                "slug: \"A B\" does not match the pattern ^[a-z]+$",
                "topic: \"G\" is shorter than 2 characters"
            ]
        );
    }

    /// `PageSchema::embedded` leaves compiling to the first page checked: it must compile.
    #[test]
    fn the_embedded_schema_compiles() {
        let schema = super::PageSchema::embedded().expect("JSON");
        assert!(jsonschema::validator_for(schema.raw()).is_ok());
        // A page needs keys: an empty object is not one.
        assert!(!schema.validator().is_valid(&serde_json::json!({})));
    }
}
