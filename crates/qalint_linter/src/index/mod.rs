//! The cross-file index: small facts about every page of the project (never its text), so
//! that rules such as QA004 and QA005 give one file the same findings a whole-tree run gives.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde_json::Value;

mod lookup;
pub use lookup::ProjectIndex;

use crate::finding::Edit;
use crate::load::{Page, PageKind};
use crate::source::{Location, SourceFile};

/// A value and where it is written.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Located<T> {
    pub fn new(value: T, location: Location) -> Self {
        Located {
            value,
            span: Span::of(&location),
        }
    }

    pub fn location(&self) -> Location {
        self.span.location()
    }
}

/// A [`Location`] in half its size, for the index kept for every page: files are read
/// only up to 64 MB, so every offset, line and column fits in a `u32`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Span {
    start: u32,
    end: u32,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
}

impl Span {
    pub fn of(l: &Location) -> Self {
        let small = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span {
            start: small(l.range.start),
            end: small(l.range.end),
            line: small(l.start.line),
            column: small(l.start.column),
            end_line: small(l.end.line),
            end_column: small(l.end.column),
        }
    }

    pub fn location(&self) -> Location {
        let position = |line: u32, column: u32| crate::source::Position {
            line: line as usize,
            column: column as usize,
        };
        Location {
            range: self.start as usize..self.end as usize,
            start: position(self.line, self.column),
            end: position(self.end_line, self.end_column),
        }
    }
}

/// Framework and topic slugs are shared by many pages: each distinct one is kept once.
pub fn intern(s: &str) -> Arc<str> {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    type Slugs = HashSet<Arc<str>, foldhash::fast::RandomState>;
    // Looked up twice a page by every worker: a short lock, a fast hash.
    static SLUGS: OnceLock<Mutex<Slugs>> = OnceLock::new();
    let mut slugs = SLUGS
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(known) = slugs.get(s) {
        return known.clone();
    }
    let new: Arc<str> = Arc::from(s);
    slugs.insert(new.clone());
    new
}

fn interned<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Arc<str>>, D::Error> {
    let s: Option<&str> = serde::Deserialize::deserialize(d)?;
    Ok(s.map(intern))
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
    pub path: Box<str>,
    #[serde(deserialize_with = "interned")]
    pub framework: Option<Arc<str>>,
    #[serde(deserialize_with = "interned")]
    pub topic: Option<Arc<str>>,
    /// The collection the page belongs to, when collections are declared: a topic is the
    /// pages of one collection (two locales may share a framework and a topic).
    #[serde(deserialize_with = "interned")]
    pub collection: Option<Arc<str>>,
    pub order: Option<Located<i64>>,
    pub links: Box<[(LinkKind, Located<Box<str>>)]>,
    /// A payload's view of its topic: `(path, order)` of each of its `siblings`.
    pub sibling_orders: Box<[(Box<str>, i64)]>,
    /// Whether findings are reported for this page (it was named on the command line).
    #[serde(skip)]
    pub linted: bool,
}

impl PageFacts {
    /// The facts of a page outside the Q&A collection: a path others may link to, and
    /// nothing the Q&A rules check.
    pub fn as_other_page(mut self) -> Self {
        self.framework = None;
        self.topic = None;
        self.order = None;
        self.links = Box::default();
        self.sibling_orders = Box::default();
        self
    }
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
        range: order.location().range,
        content: new.to_string(),
    }
}

/// The facts of one page.
pub fn facts(page: &Page, src: &SourceFile, file: &Arc<PathBuf>, linted: bool) -> PageFacts {
    let v = &page.value;
    let str_at = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    // A source page's path is its `path` key when it has one; else it depends on its project,
    // known once every file is found: the engine derives it then.
    let path = str_at("path").unwrap_or_default().into_boxed_str();
    let order = v.get("order").and_then(Value::as_i64).and_then(|o| {
        let range = page.locator.get("/order")?.value.clone();
        Some(Located::new(o, src.location(range)))
    });
    let mut links = Vec::new();
    if let Some(Value::Array(related)) = v.get("related") {
        for (n, item) in related.iter().enumerate() {
            let (Some(p), Some(node)) = (item.as_str(), page.locator.get(&format!("/related/{n}")))
            else {
                continue;
            };
            let location = src.location(node.value.clone());
            links.push((LinkKind::Related, Located::new(p.into(), location)));
        }
    }
    for s in &page.siblings {
        let location = src.location(s.range.clone());
        links.push((
            LinkKind::Sibling,
            Located::new(s.path.as_str().into(), location),
        ));
    }
    PageFacts {
        file: file.clone(),
        project: None,
        world: None,
        kind: page.kind,
        path,
        framework: v.get("frameworkSlug").and_then(Value::as_str).map(intern),
        topic: v.get("topicSlug").and_then(Value::as_str).map(intern),
        collection: None,
        order,
        links: links.into_boxed_slice(),
        sibling_orders: page
            .siblings
            .iter()
            .filter_map(|s| Some((s.path.as_str().into(), s.order?)))
            .collect(),
        linted,
    }
}
