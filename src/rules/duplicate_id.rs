//! QA002: two questions of one page share an `id` (the answer's URL anchor).

use std::collections::HashMap;

use super::{Ctx, FixAvailability, Rule, RuleMeta};
use crate::finding::{Finding, RuleId, Severity};

pub static META: RuleMeta = RuleMeta {
    id: RuleId {
        code: "QA002",
        name: "duplicate-id",
    },
    severity: Severity::Error,
    fix: FixAvailability::None,
    summary: "two questions of one page share an `id`",
    doc: include_str!("../../rules/duplicate-id.md"),
};

pub struct DuplicateId;

impl Rule for DuplicateId {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
        let Some(questions) = ctx.page.value.get("questions").and_then(|q| q.as_array()) else {
            return;
        };
        let mut first: HashMap<&str, String> = HashMap::new();
        for (n, q) in questions.iter().enumerate() {
            let Some(id) = q.get("id").and_then(|v| v.as_str()) else {
                continue;
            };
            let pointer = format!("/questions/{n}/id");
            let Some(earlier) = first.get(id) else {
                first.insert(id, pointer);
                continue;
            };
            let locator = &ctx.page.locator;
            let (Some(here), Some(there)) =
                (locator.value_range(&pointer), locator.value_range(earlier))
            else {
                continue;
            };
            let there = ctx.location(there);
            let message = format!(
                "duplicate question id `{id}` (first used on line {})",
                there.start.line
            );
            out.push(
                ctx.finding(&META, here, message)
                    .with_label(there, "first used here")
                    .with_help("ids are the answers' URL anchors: give each question its own")
                    .with_pointer(pointer),
            );
        }
    }
}
