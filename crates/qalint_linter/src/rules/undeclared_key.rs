//! QA008: a key the collection's schema does not declare, on a page of a Nuxt Content site.
//! Nuxt Content keeps such a key (in `meta`, or in its item's JSON) and zod strips it without
//! an error: nothing is lost, but nothing checks it either. A near miss of a declared key
//! (`seoDescripton`) is the schema rule's error, with its did-you-mean; the rest is this
//! rule's, a warning a team can raise or turn off. The built-in Q&A schema keeps no such key:
//! there an unknown key stays a schema error.

use crate::findings::Findings;
use std::collections::HashSet;

use super::{Ctx, SchemaRule};
use crate::schema::{display_path, PageSchema};

declare_rule! {
    pub struct UndeclaredKey {
        code: "QA008",
        name: "undeclared-key",
        severity: Warning,
        fix: None,
        scope: Schema,
        summary: "a key the collection's schema does not declare",
    }
}

impl SchemaRule for UndeclaredKey {
    fn check_schema(
        &self,
        ctx: &Ctx<'_>,
        schema: &PageSchema,
        covered: &HashSet<String>,
        out: &mut Findings,
    ) -> Vec<String> {
        for issue in ctx.schema_issues(schema) {
            if !schema.kept_undeclared(issue) || covered.contains(issue.pointer.as_str()) {
                continue;
            }
            let range = ctx.page.locator.key_range(&issue.pointer).unwrap_or(0..0);
            let message = format!(
                "`{}` is not declared in the collection's schema: Nuxt Content keeps it, unchecked",
                display_path(&issue.pointer)
            );
            let mut f = ctx
                .finding(&META, ctx.first_line(range), message)
                .with_pointer(issue.pointer.clone());
            if let Some(help) = &issue.help {
                f = f.with_help(format!(
                    "declare it in content.config, or remove it ({help})"
                ));
            }
            out.push(f);
        }
        Vec::new()
    }
}
