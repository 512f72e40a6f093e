//! QA100: a `# qalint: ignore[…]` comment that silences nothing, or names no rule. Reported by
//! `crate::suppress` once every other finding is known.

use std::path::PathBuf;
use std::sync::Arc;

use super::{FixAvailability, Rule, RuleMeta};
use crate::finding::{Finding, RuleId, Severity};
use crate::source::Location;

pub static META: RuleMeta = RuleMeta {
    id: RuleId {
        code: "QA100",
        name: "unused-suppression",
    },
    severity: Severity::Warning,
    fix: FixAvailability::None,
    summary: "a suppression comment that silences nothing",
    doc: include_str!("../../../../rules/unused-suppression.md"),
};

pub struct UnusedSuppression;

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}

fn finding(file: &Arc<PathBuf>, location: Location, message: String) -> Finding {
    Finding {
        rule: META.id,
        severity: META.severity,
        message: message.into(),
        file: file.clone(),
        location,
        help: Some("remove the comment, or name the rule it should silence".into()),
        labels: Vec::new(),
        fix: None,
        pointer: None,
        origin: None,
    }
}

pub fn unused(file: &Arc<PathBuf>, location: Location, message: &str) -> Finding {
    finding(file, location, message.to_string())
}

pub fn unknown_rule(file: &Arc<PathBuf>, location: Location, name: &str) -> Finding {
    finding(
        file,
        location,
        format!("`{name}` in this suppression is not a rule (see --list-rules)"),
    )
}
