//! QA000: the file cannot be read as a page. Reported by the loaders (see `crate::load`).

use super::{FixAvailability, Rule, RuleMeta};
use crate::finding::{RuleId, Severity};

pub static META: RuleMeta = RuleMeta {
    id: RuleId {
        code: "QA000",
        name: "invalid-syntax",
    },
    severity: Severity::Error,
    fix: FixAvailability::None,
    summary: "the file cannot be read as a page",
    doc: include_str!("../../rules/invalid-syntax.md"),
};

pub struct InvalidSyntax;

impl Rule for InvalidSyntax {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
