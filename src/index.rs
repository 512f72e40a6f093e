//! The cross-file index: small facts about every page of the project (never its text), so
//! that rules such as QA004 and QA005 give one file the same findings a whole-tree run gives.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

use crate::finding::Edit;
use crate::load::{Page, PageKind};
use crate::source::{Location, SourceFile};

/// A value and where it is written.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Located<T> {
    pub value: T,
    pub location: Location,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LinkKind {
    Related,
    Sibling,
}

/// Serialized for the cache without what depends on the run (file, project, world, linted).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct PageFacts {
    #[serde(skip)]
    pub file: Arc<PathBuf>,
    /// The root of the project the page belongs to (see `discover::Projects`), set once
    /// every page is known.
    #[serde(skip)]
    pub project: Option<Arc<PathBuf>>,
    pub kind: PageKind,
    /// Which site the page's links resolve in: `None` for source pages (the content folder),
    /// the folder of the build output for a payload (see [`site_root`]); set with `project`.
    #[serde(skip)]
    pub world: Option<Arc<PathBuf>>,
    /// The page's path on the site (`/python/concurrency/asyncio`).
    pub path: String,
    pub framework: Option<String>,
    pub topic: Option<String>,
    pub order: Option<Located<i64>>,
    pub links: Vec<(LinkKind, Located<String>)>,
    /// A payload's view of its topic: `(path, order)` of each of its `siblings`.
    pub sibling_orders: Vec<(String, i64)>,
    /// Whether findings are reported for this page (it was named on the command line).
    #[serde(skip)]
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

    /// Replaces the pages of `file` with `pages` (placed already): the language server's
    /// update after an edit, without rebuilding from every page.
    pub fn replace(&mut self, file: &std::path::Path, mut pages: Vec<PageFacts>) {
        let start = self.pages.partition_point(|p| p.file.as_path() < file);
        let end = start + self.pages[start..].partition_point(|p| p.file.as_path() == file);
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        self.pages.splice(start..end, pages);
        let pages = &self.pages;
        self.by_path = (0..pages.len() as u32).collect();
        self.by_path
            .sort_by(|&a, &b| key(&pages[a as usize]).cmp(&key(&pages[b as usize])));
    }

    /// Whether `path` is the path of a page of the same project and world as `from`.
    pub fn has_path(&self, from: &PageFacts, path: &str) -> bool {
        self.find(from, path).is_some()
    }

    /// The page a link from `from` names, in its project and world.
    pub fn find(&self, from: &PageFacts, path: &str) -> Option<&PageFacts> {
        // A link may point at an answer's anchor (`/python/basics/intro#scope`).
        let path = path.split(['#', '?']).next().unwrap_or(path);
        let trimmed = path.trim_end_matches('/');
        let trimmed = if trimmed.is_empty() { "/" } else { trimmed };
        let at = self
            .by_path
            .binary_search_by(|&i| {
                key(&self.pages[i as usize]).cmp(&(&from.project, &from.world, trimmed))
            })
            .ok()?;
        self.pages.get(self.by_path[at] as usize)
    }

    /// The source page a payload page was built from: the page of the same path among the
    /// sources of its project.
    pub fn source_of(&self, payload: &PageFacts) -> Option<&PageFacts> {
        let sources = None;
        let at = self
            .by_path
            .binary_search_by(|&i| {
                key(&self.pages[i as usize]).cmp(&(&payload.project, &sources, &payload.path))
            })
            .ok()?;
        self.pages
            .get(self.by_path[at] as usize)
            .filter(|p| p.kind == PageKind::Source)
    }

    /// The first page of `file` (pages are sorted by file).
    pub fn page_of(&self, file: &Path) -> Option<&PageFacts> {
        let at = self.pages.partition_point(|p| p.file.as_path() < file);
        self.pages.get(at).filter(|p| p.file.as_path() == file)
    }

    /// The page paths of the project and world of `from`.
    pub fn paths<'a>(&'a self, from: &'a PageFacts) -> impl Iterator<Item = &'a str> + 'a {
        self.pages
            .iter()
            .filter(move |p| p.project == from.project && p.world == from.world)
            .map(|p| p.path.as_str())
    }
}

impl PageFacts {
    /// The facts of a page outside the Q&A collection: a path others may link to, and
    /// nothing the Q&A rules check.
    pub fn as_other_page(mut self) -> Self {
        self.framework = None;
        self.topic = None;
        self.order = None;
        self.links.clear();
        self.sibling_orders.clear();
        self
    }
}

/// What pages are looked up by: sources and each build output are worlds of their own.
type Key<'a> = (&'a Option<Arc<PathBuf>>, &'a Option<Arc<PathBuf>>, &'a str);

fn key(page: &PageFacts) -> Key<'_> {
    (&page.project, &page.world, page.path.as_str())
}

/// The folder a build output is served from, found from where Nuxt wrote a payload: a page
/// at `/python/basics/intro` has its payload at `<root>/python/basics/intro/_payload.json`.
/// `None` when the folders do not spell the path.
pub fn site_root(payload: &Path, page_path: &str) -> Option<PathBuf> {
    let mut dir = payload.parent()?;
    for segment in page_path.split('/').filter(|s| !s.is_empty()).rev() {
        if dir.file_name()? != segment {
            return None;
        }
        dir = dir.parent()?;
    }
    Some(dir.to_path_buf())
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
    // A source page's path is its `path` key when it has one; else it depends on its project,
    // known once every file is found: the engine derives it then.
    let path = str_at("path").unwrap_or_default();
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
        world: None,
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
