//! QA001: the page breaks the page JSON Schema. Checked by `crate::schema`, after the other
//! rules, so that a value a rule reported is not reported again.

use super::{FixAvailability, Rule, RuleMeta};
use crate::finding::{RuleId, Severity};

pub static META: RuleMeta = RuleMeta {
    id: RuleId {
        code: "QA001",
        name: "schema",
    },
    severity: Severity::Error,
    fix: FixAvailability::None,
    summary: "the page breaks the page JSON Schema",
    doc: include_str!("../../rules/schema.md"),
};

pub struct Schema;

impl Rule for Schema {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
