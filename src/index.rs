//! The cross-file index: small facts about every page of the project (never its text), so
//! that rules such as QA004 and QA005 give one file the same findings a whole-tree run gives.

use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use crate::finding::Edit;
use crate::load::{Page, PageKind};
use crate::source::{Location, SourceFile};

/// A value and where it is written.
#[derive(Debug, Clone)]
pub struct Located<T> {
    pub value: T,
    pub location: Location,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkKind {
    Related,
    Sibling,
}

#[derive(Debug, Clone)]
pub struct PageFacts {
    pub file: Arc<PathBuf>,
    /// The root of the project the page belongs to (see `discover::Projects`), set once
    /// every page is known.
    pub project: Option<Arc<PathBuf>>,
    pub kind: PageKind,
    /// The page's path on the site (`/python/concurrency/asyncio`).
    pub path: String,
    pub framework: Option<String>,
    pub topic: Option<String>,
    pub order: Option<Located<i64>>,
    pub links: Vec<(LinkKind, Located<String>)>,
    /// A payload's view of its topic: `(path, order)` of each of its `siblings`.
    pub sibling_orders: Vec<(String, i64)>,
    /// Whether findings are reported for this page (it was named on the command line).
    pub linted: bool,
}

#[derive(Debug, Default)]
pub struct ProjectIndex {
    pub pages: Vec<PageFacts>,
    /// Indices of `pages` sorted by (project root, page path): the path lookup, without a
    /// second copy of every path.
    by_path: Vec<u32>,
}

impl ProjectIndex {
    pub fn new(mut pages: Vec<PageFacts>) -> Self {
        pages.sort_by(|a, b| a.file.cmp(&b.file).then(a.path.cmp(&b.path)));
        let mut by_path: Vec<u32> = (0..pages.len() as u32).collect();
        by_path.sort_by(|&a, &b| key(&pages[a as usize]).cmp(&key(&pages[b as usize])));
        ProjectIndex { pages, by_path }
    }

    /// Whether `path` is the path of a page of `project`.
    pub fn has_path(&self, project: &Option<Arc<PathBuf>>, path: &str) -> bool {
        // A link may point at an answer's anchor (`/python/basics/intro#scope`).
        let path = path.split(['#', '?']).next().unwrap_or(path);
        let trimmed = path.trim_end_matches('/');
        let trimmed = if trimmed.is_empty() { "/" } else { trimmed };
        self.by_path
            .binary_search_by(|&i| key(&self.pages[i as usize]).cmp(&(project, trimmed)))
            .is_ok()
    }

    /// The page paths of `project`.
    pub fn paths<'a>(
        &'a self,
        project: &'a Option<Arc<PathBuf>>,
    ) -> impl Iterator<Item = &'a str> + 'a {
        self.pages
            .iter()
            .filter(move |p| &p.project == project)
            .map(|p| p.path.as_str())
    }
}

/// What pages are looked up by.
fn key(page: &PageFacts) -> (&Option<Arc<PathBuf>>, &str) {
    (&page.project, page.path.as_str())
}

/// Edits that rewrite a page's `order` value, for the QA005 fix.
pub fn order_edit(order: &Located<i64>, new: i64) -> Edit {
    Edit {
        range: order.location.range.clone(),
        content: new.to_string(),
    }
}

/// The facts of one page.
pub fn facts(page: &Page, src: &SourceFile, file: &Arc<PathBuf>, linted: bool) -> PageFacts {
    let v = &page.value;
    let str_at = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    // A source page's path depends on its project, known once every file is found: the
    // engine sets it then.
    let path = match page.kind {
        PageKind::Payload => str_at("path").unwrap_or_default(),
        PageKind::Source => String::new(),
    };
    let order = v.get("order").and_then(Value::as_i64).and_then(|o| {
        let range = page.locator.get("/order")?.value.clone();
        Some(Located {
            value: o,
            location: src.location(range),
        })
    });
    let mut links = Vec::new();
    if let Some(Value::Array(related)) = v.get("related") {
        for (n, item) in related.iter().enumerate() {
            let (Some(p), Some(node)) = (item.as_str(), page.locator.get(&format!("/related/{n}")))
            else {
                continue;
            };
            let location = src.location(node.value.clone());
            links.push((
                LinkKind::Related,
                Located {
                    value: p.to_string(),
                    location,
                },
            ));
        }
    }
    for s in &page.siblings {
        let location = src.location(s.range.clone());
        links.push((
            LinkKind::Sibling,
            Located {
                value: s.path.clone(),
                location,
            },
        ));
    }
    PageFacts {
        file: file.clone(),
        project: None,

        kind: page.kind,
        path,
        framework: str_at("frameworkSlug"),
        topic: str_at("topicSlug"),
        order,
        links,
        sibling_orders: page
            .siblings
            .iter()
            .filter_map(|s| Some((s.path.clone(), s.order?)))
            .collect(),
        linted,
    }
}

/// The path Nuxt Content gives a source file: relative to the nearest `content/` folder above
/// it (else to `content_root`), without extension, `index` meaning the folder, and numeric
/// ordering prefixes (`1.basics`) dropped.
pub fn page_path(file: &Path, content_root: &Path) -> String {
    let base = file
        .ancestors()
        .skip(1)
        .find(|a| a.file_name().is_some_and(|n| n == "content"))
        .unwrap_or(content_root);
    path_below(file, base)
}

/// The path of a source file below the content folder `base`.
pub fn path_below(file: &Path, base: &Path) -> String {
    let rel = file.strip_prefix(base).unwrap_or(file);

    let mut parts: Vec<String> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    if let Some(last) = parts.last_mut() {
        if let Some(stem) = last.strip_suffix(".md") {
            *last = stem.to_string();
        }
    }
    let parts: Vec<String> = parts
        .iter()
        .map(|p| strip_order_prefix(p).to_string())
        .collect();
    let mut path = String::new();
    for (i, p) in parts.iter().enumerate() {
        if i + 1 == parts.len() && p == "index" {
            break;
        }
        path.push('/');
        path.push_str(p);
    }
    if path.is_empty() {
        path.push('/');
    }
    path
}

fn strip_order_prefix(s: &str) -> &str {
    match s.split_once('.') {
        Some((n, rest))
            if !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()) && !rest.is_empty() =>
        {
            rest
        }
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::page_path;
    use std::path::Path;

    #[test]
    fn paths_follow_nuxt_content() {
        let root = Path::new("/site");
        assert_eq!(
            page_path(
                Path::new("/site/content/python/concurrency/asyncio.md"),
                root
            ),
            "/python/concurrency/asyncio"
        );
        assert_eq!(
            page_path(Path::new("/site/content/1.python/2.basics/index.md"), root),
            "/python/basics"
        );
        assert_eq!(page_path(Path::new("/site/content/index.md"), root), "/");
        assert_eq!(page_path(Path::new("/site/go/x.md"), root), "/go/x");
    }
}
