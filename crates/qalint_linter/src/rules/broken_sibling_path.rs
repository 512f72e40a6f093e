//! QA004: a path in `related` or in a payload's `siblings` that is the path of no page.

use super::{ProjectCtx, ProjectRule};
use crate::finding::Finding;
use crate::findings::Findings;
use rayon::prelude::*;

use crate::index::{LinkKind, PageFacts};
use crate::suggest::closest_path;

declare_rule! {
    pub struct BrokenSiblingPath {
        code: "QA004",
        name: "broken-sibling-path",
        severity: Error,
        fix: None,
        scope: Project,
        summary: "a `related` or `siblings` path that is the path of no page",
    }
}

impl ProjectRule for BrokenSiblingPath {
    fn check_project(&self, ctx: &ProjectCtx<'_>, out: &mut Findings) {
        // Every link is a lookup in the index: the pages are shared among the cores.
        let found: Vec<Vec<Finding>> = ctx
            .index
            .pages
            .par_iter()
            .filter(|p| p.linted)
            .map(|page| broken_links(ctx, page))
            .filter(|f| !f.is_empty())
            .collect();
        out.extend(found.into_iter().flatten());
    }
}

/// A link whose pages are all in collections parallel to its page's own (another locale with
/// the same paths): the site looks the path up in the page's own collection, which has none.
/// Links into unrelated collections (a blog's page from the docs) resolve. `found` is the
/// first page of the link's path.
fn other_locale_only(
    ctx: &ProjectCtx<'_>,
    page: &PageFacts,
    link: &crate::index::Located<Box<str>>,
    found: &PageFacts,
) -> Option<Finding> {
    let own = page.collection.as_deref()?;
    let one;
    let collections = match ctx.index.shared_collections(page, &link.value) {
        Some(all) => all,
        None => {
            one = [found.collection.clone()?];
            &one[..]
        }
    };
    if collections.iter().any(|c| &**c == own) {
        return None;
    }
    let other = collections.iter().find(|c| ctx.index.parallel(own, c))?;
    let message = format!(
        "{} is a page of collection `{other}` only: this page's collection `{own}` has none",
        crate::quote::short(&link.value)
    );
    let help = format!(
        "the site looks the path up in `{own}`, as it holds this page: add the page to `{own}`, or link one it has"
    );
    Some(
        ctx.finding(&META, &page.file, link.location(), message)
            .with_help(help),
    )
}

/// The findings of `page`'s links that name no page.
fn broken_links(ctx: &ProjectCtx<'_>, page: &PageFacts) -> Vec<Finding> {
    let mut out = Vec::new();
    for (kind, link) in &page.links {
        if let Some(found) = ctx.index.find(page, &link.value) {
            // The common case, a page of the link's own collection, asks nothing more.
            if found.collection != page.collection {
                out.extend(other_locale_only(ctx, page, link, found));
            }
            continue;
        }
        let message = format!(
            "{} is not the path of any page",
            crate::quote::short(&link.value)
        );
        let help = match (
            closest_path(&link.value, ctx.index.near(page, &link.value)),
            kind,
        ) {
            (Some(near), _) => format!("did you mean {near}?"),
            (None, LinkKind::Related) => {
                "link a page of this project, or remove the entry".to_string()
            }
            (None, LinkKind::Sibling) => {
                "the build lists a sibling that is no page of this project".to_string()
            }
        };
        out.push(
            ctx.finding(&META, &page.file, link.location(), message)
                .with_help(help),
        );
    }
    out
}
