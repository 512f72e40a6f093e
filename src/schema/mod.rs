//! The page JSON Schema: embedded, overridable, compiled once per run.

mod messages;

use std::collections::HashSet;
use std::path::Path;

use serde_json::Value;

use crate::finding::Finding;
use crate::rules::{schema as rule, Ctx};

pub use messages::display_path;

/// Page keys only a build writes: never suggested for an author's page (did-you-mean,
/// completion).
pub const BUILD_ONLY_KEYS: [&str; 7] =
    ["id", "stem", "extension", "meta", "seo", "body", "__hash__"];

/// The schema built into the binary (`schemas/page.schema.json`).
pub const EMBEDDED: &str = include_str!("../../schemas/page.schema.json");

pub struct PageSchema {
    raw: Value,
    validator: jsonschema::Validator,
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

    pub fn embedded() -> Result<Self, String> {
        Self::from_text(EMBEDDED, "the embedded schema")
    }

    pub fn from_file(path: &Path) -> Result<Self, String> {
        let text = crate::read::read_to_string(path).map_err(|e| format!("schema: {e}"))?;
        Self::from_text(&text, &path.display().to_string())
    }

    fn from_text(text: &str, name: &str) -> Result<Self, String> {
        let raw: Value =
            serde_json::from_str(text).map_err(|e| format!("{name} is not JSON: {e}"))?;
        let validator = jsonschema::validator_for(&raw)
            .map_err(|e| format!("{name} is not a valid JSON Schema: {e}"))?;
        Ok(PageSchema { raw, validator })
    }

    /// QA001 findings for a page, one per place, none where `covered` (pointers a rule
    /// already reported) says another rule speaks of it.
    pub fn check(&self, ctx: &Ctx<'_>, covered: &HashSet<&str>, out: &mut Vec<Finding>) {
        let mut seen: HashSet<String> = HashSet::new();
        let source = ctx.page.kind == crate::load::PageKind::Source;
        let mut issues: Vec<messages::Issue> = self
            .validator
            .iter_errors(&ctx.page.value)
            .flat_map(|error| messages::describe(&error, &self.raw, source))
            .collect();
        messages::merge_misspelled(&mut issues);
        {
            for issue in issues {
                if covered.contains(issue.pointer.as_str()) || !seen.insert(issue.pointer.clone()) {
                    continue;
                }
                let range = if issue.at_key {
                    ctx.page.locator.key_range(&issue.pointer)
                } else {
                    ctx.page.locator.value_range(&issue.pointer)
                };
                let range = ctx.first_line(range.unwrap_or(0..0));
                let mut f = ctx
                    .finding(&rule::META, range, issue.message)
                    .with_pointer(issue.pointer);
                if let Some(help) = issue.help {
                    f = f.with_help(help);
                }
                out.push(f);
            }
        }
    }
}
