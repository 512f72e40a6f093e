//! QA001: the page breaks the page JSON Schema. Validated by `crate::schema`, reported here
//! after the other rules, so that a value a rule reported is not reported again.

use std::collections::HashSet;

use super::{Ctx, FixAvailability, Rule, RuleMeta};
use crate::finding::{Finding, RuleId, Severity};
use crate::schema::PageSchema;

pub static META: RuleMeta = RuleMeta {
    id: RuleId {
        code: "QA001",
        name: "schema",
    },
    severity: Severity::Error,
    fix: FixAvailability::None,
    summary: "the page breaks the page JSON Schema",
    doc: include_str!("../../../../rules/schema.md"),
};

pub struct Schema;

impl Rule for Schema {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}

/// QA001 findings for the page in `ctx` against `schema`, one per place, none where `covered`
/// (pointers a rule already reported) says another rule speaks of it. Returns the pointers of
/// missing keys a misspelling stands for: a rule's finding about one of them is the same
/// problem, and goes.
pub fn check(
    schema: &PageSchema,
    ctx: &Ctx<'_>,
    covered: &HashSet<&str>,
    out: &mut Vec<Finding>,
) -> Vec<String> {
    let source = ctx.page.kind == crate::load::PageKind::Source;
    let mut seen: HashSet<String> = HashSet::new();
    let mut absorbed = Vec::new();
    for issue in schema.issues(&ctx.page.value, source) {
        absorbed.extend(issue.absorbs.clone());
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
            .finding(&META, range, issue.message)
            .with_pointer(issue.pointer);
        if let Some(help) = issue.help {
            f = f.with_help(help);
        }
        out.push(f);
    }
    absorbed
}
