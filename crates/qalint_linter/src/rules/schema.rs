//! QA001: the page breaks the page JSON Schema, or says what Nuxt Content does not store.
//! Validated by `crate::schema`, reported here after the other rules, so that a value a rule
//! reported is not reported again.

use crate::findings::Findings;
use std::collections::HashSet;

use super::{Ctx, SchemaRule};
use crate::schema::PageSchema;

declare_rule! {
    pub struct Schema {
        code: "QA001",
        name: "schema",
        severity: Error,
        fix: None,
        scope: Schema,
        summary: "the page breaks the page JSON Schema",
    }
}

impl SchemaRule for Schema {
    /// What the page says that Nuxt Content does not store, then the schema's findings.
    fn check_schema(
        &self,
        ctx: &Ctx<'_>,
        schema: &PageSchema,
        covered: &HashSet<String>,
        out: &mut Findings,
    ) -> Vec<String> {
        for d in &ctx.page.dropped {
            let range = ctx.first_line(d.range.clone());
            out.push(ctx.finding(&META, range, d.message.clone()));
        }
        check(schema, ctx, covered, out)
    }
}

/// QA001 findings for the page in `ctx` against `schema`, one per place, none where `covered`
/// (pointers a rule already reported) says another rule speaks of it. Returns the pointers of
/// missing keys a misspelling stands for: a rule's finding about one of them is the same
/// problem, and goes.
fn check(
    schema: &PageSchema,
    ctx: &Ctx<'_>,
    covered: &HashSet<String>,
    out: &mut Findings,
) -> Vec<String> {
    let mut seen: HashSet<&str> = HashSet::new();
    let mut absorbed = Vec::new();
    for issue in ctx.schema_issues(schema) {
        absorbed.extend(issue.absorbs.clone());
        // A key the site keeps though its schema does not declare it is the undeclared-key
        // rule's (QA008), on or off.
        if schema.kept_undeclared(issue)
            || covered.contains(issue.pointer.as_str())
            || !seen.insert(&issue.pointer)
        {
            continue;
        }
        let range = if issue.at_key {
            ctx.page.locator.key_range(&issue.pointer)
        } else {
            ctx.page.locator.value_range(&issue.pointer)
        };
        let range = ctx.first_line(range.unwrap_or(0..0));
        let mut f = ctx
            .finding(&META, range, issue.message.clone())
            .with_pointer(issue.pointer.clone());
        if let Some(help) = &issue.help {
            f = f.with_help(help.clone());
        }
        out.push(f);
    }
    absorbed
}
