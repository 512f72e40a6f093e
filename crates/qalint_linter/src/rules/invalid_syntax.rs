//! QA000: the file cannot be read as a page. Reported by the loaders (see `crate::load`),
//! and here for what qalint can read but Nuxt Content cannot: frontmatter after a BOM.

use super::{Ctx, PageRule};
use crate::finding::{Applicability, Edit, Fix};
use crate::findings::Findings;
use crate::load::PageKind;

declare_rule! {
    pub struct InvalidSyntax {
        code: crate::finding::ALWAYS_ON,
        name: "invalid-syntax",
        severity: Error,
        fix: Safe,
        scope: Syntax,
        summary: "the file cannot be read as a page (always on)",
    }
}

impl PageRule for InvalidSyntax {
    fn check(&self, ctx: &Ctx<'_>, out: &mut Findings) {
        // Nuxt Content (remark-mdc's parseFrontMatter) looks for `---` at the very first
        // byte: after a byte-order mark it sees no frontmatter, and the page is built with
        // none of its keys (its YAML becomes body text).
        const BOM: &str = "\u{feff}";
        if ctx.page.kind != PageKind::Source || !ctx.src.text.starts_with(BOM) {
            return;
        }
        let fix = Fix {
            applicability: Applicability::Safe,
            message: "remove the byte-order mark".to_string(),
            edits: vec![Edit {
                range: 0..BOM.len(),
                content: String::new(),
            }],
            elsewhere: Vec::new(),
        };
        out.push(
            ctx.finding(&META, 0..BOM.len(), "the file starts with a byte-order mark: Nuxt Content does not see frontmatter after it")
                .with_help("save the file as UTF-8 without BOM")
                .with_fix(Some(fix)),
        );
    }
}
