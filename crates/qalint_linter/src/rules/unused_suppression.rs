//! QA100: a `# qalint: ignore[…]` comment that names no rule (found with the page), or that
//! silences nothing (once every other finding is known and `crate::suppress` applied them).

use crate::findings::Findings;
use std::path::PathBuf;
use std::sync::Arc;

use super::{Ctx, PageRule, SuppressionCtx, SuppressionRule};
use crate::finding::Finding;
use crate::settings::Settings;
use crate::source::Location;

declare_rule! {
    pub struct UnusedSuppression {
        code: "QA100",
        name: "unused-suppression",
        severity: Warning,
        fix: None,
        scope: Suppression,
        summary: "a suppression comment that silences nothing",
    }
}

impl PageRule for UnusedSuppression {
    /// A rule name in the page's comments that no rule has.
    fn check(&self, ctx: &Ctx<'_>, out: &mut Findings) {
        for unknown in ctx.unknown_rules {
            let message = format!(
                "`{}` in this suppression is not a rule (see --list-rules)",
                unknown.name
            );
            out.push(finding(
                ctx.settings,
                ctx.file,
                unknown.location.clone(),
                message,
            ));
        }
    }
}

impl SuppressionRule for UnusedSuppression {
    /// A comment, or a rule it names, that silenced no finding.
    fn check_suppressions(&self, ctx: &SuppressionCtx<'_>, out: &mut Vec<Finding>) {
        for c in ctx.comments {
            let unused: Vec<&str> = c
                .names
                .iter()
                .filter(|(_, used)| !used)
                .map(|(name, _)| *name)
                .collect();
            let message = if c.names.is_empty() && !c.silenced_any {
                "this suppression silences nothing".to_string()
            } else if !unused.is_empty() {
                format!("this suppression of {} silences nothing", unused.join(", "))
            } else {
                continue;
            };
            out.push(finding(ctx.settings, c.file, c.location.clone(), message));
        }
    }
}

fn finding(
    settings: &Settings,
    file: &Arc<PathBuf>,
    location: Location,
    message: String,
) -> Finding {
    Finding {
        rule: META.id,
        severity: settings.rules.severity(&META).unwrap_or(META.severity),
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
