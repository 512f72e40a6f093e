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
    pub order: Option<Located<i64>>,
    pub links: Box<[(LinkKind, Located<Box<str>>)]>,
    /// A payload's view of its topic: `(path, order)` of each of its `siblings`.
    pub sibling_orders: Box<[(Box<str>, i64)]>,
    /// Whether findings are reported for this page (it was named on the command line).
    #[serde(skip)]
    pub linted: bool,
}

#[derive(Debug, Default)]
pub struct ProjectIndex {
    pub pages: Vec<PageFacts>,
    /// Indices of `pages` sorted by (project root, world, page path), without a second copy
    /// of every path: the pages of a folder together. Made the first time a broken link asks
    /// for its folder's pages (most runs have none).
    by_path: std::sync::OnceLock<Vec<u32>>,
    /// `(hash of key, index)` sorted: a link's lookup searches this small array and reads
    /// the one page it names (a binary search by path reads a page at every step).
    by_hash: Vec<(u64, u32)>,
    /// Indices of `pages` sorted by the last segment of their path, made the first time a
    /// broken link asks for pages of the same slug.
    by_slug: std::sync::OnceLock<Vec<u32>>,
}

impl ProjectIndex {
    pub fn new(mut pages: Vec<PageFacts>) -> Self {
        // By the paths' bytes (no component parsing): a file's pages are together, which is
        // all the order is for. A run's pages come in that order already (one pass says so);
        // else sorted in place (no buffer the size of the index).
        fn key(p: &PageFacts) -> (&std::ffi::OsStr, &str) {
            (p.file.as_os_str(), &p.path)
        }
        if !pages.is_sorted_by(|a, b| key(a) <= key(b)) {
            pages.sort_unstable_by(|a, b| key(a).cmp(&key(b)));
        }
        let by_hash = by_hash(&pages);
        ProjectIndex {
            pages,
            by_path: std::sync::OnceLock::new(),
            by_hash,
            by_slug: std::sync::OnceLock::new(),
        }
    }

    /// Replaces the pages of `file` with `pages` (placed already): the language server's
    /// update after an edit, without rebuilding from every page.
    pub fn replace(&mut self, file: &std::path::Path, mut pages: Vec<PageFacts>) {
        let file = file.as_os_str();
        let start = self.pages.partition_point(|p| p.file.as_os_str() < file);
        let end = start + self.pages[start..].partition_point(|p| p.file.as_os_str() == file);
        pages.sort_by(|a, b| a.path.cmp(&b.path));
        self.pages.splice(start..end, pages);
        self.by_path = std::sync::OnceLock::new();
        self.by_hash = by_hash(&self.pages);
        self.by_slug = std::sync::OnceLock::new();
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
        self.lookup(key_of(from, trimmed))
    }

    /// The source page a payload page was built from: the page of the same path among the
    /// sources of its project.
    pub fn source_of(&self, payload: &PageFacts) -> Option<&PageFacts> {
        self.lookup((&payload.project, &None, &payload.path))
            .filter(|p| p.kind == PageKind::Source)
    }

    /// The page of `wanted` (the first file, in byte order, when several share it).
    fn lookup(&self, wanted: Key<'_>) -> Option<&PageFacts> {
        let h = hash_key(wanted);
        let start = self.by_hash.partition_point(|&(x, _)| x < h);
        self.by_hash[start..]
            .iter()
            .take_while(|&&(x, _)| x == h)
            .map(|&(_, i)| &self.pages[i as usize])
            .find(|p| compare(key(p), wanted).is_eq())
    }

    /// The first page of `file` (pages are sorted by file).
    pub fn page_of(&self, file: &Path) -> Option<&PageFacts> {
        let at = self
            .pages
            .partition_point(|p| p.file.as_os_str() < file.as_os_str());
        self.pages.get(at).filter(|p| p.file.as_path() == file)
    }

    /// The page paths of the project and world of `from` that may be what a broken `path`
    /// meant: those below its folder and those with its last segment (a typo sits in one or
    /// the other). A few binary searches, not a scan of every page.
    pub fn near<'a>(&'a self, from: &'a PageFacts, path: &'a str) -> Vec<&'a str> {
        let (folder, slug) = path.rsplit_once('/').unwrap_or(("", path));
        let same_place = |p: &PageFacts| p.project == from.project && p.world == from.world;
        let page = |i: &u32| &self.pages[*i as usize];
        let prefix = format!("{folder}/");
        let by_path = self.by_path.get_or_init(|| by_path(&self.pages));
        let start =
            by_path.partition_point(|&i| compare(key(page(&i)), key_of(from, &prefix)).is_lt());
        let mut near: Vec<&str> = by_path[start..]
            .iter()
            .map(page)
            .take_while(|p| same_place(p) && p.path.starts_with(&prefix))
            .map(|p| &*p.path)
            .filter(|p| !p[prefix.len()..].contains('/'))
            .collect();
        let by_slug = self.by_slug.get_or_init(|| {
            // Each slug found once, then sorted beside its index.
            let mut v: Vec<(&str, u32)> = (0..self.pages.len() as u32)
                .map(|i| (last_segment(page(&i)), i))
                .collect();
            v.sort_unstable();
            v.into_iter().map(|(_, i)| i).collect()
        });
        let start = by_slug.partition_point(|i| last_segment(page(i)) < slug);
        near.extend(
            by_slug[start..]
                .iter()
                .map(page)
                .take_while(|p| last_segment(p) == slug)
                .filter(|p| same_place(p))
                .map(|p| &*p.path),
        );
        // In path order, so that of two equally near pages the same one is always named.
        near.sort_unstable();
        near.dedup();
        near
    }

    /// The page paths of the project and world of `from`.
    pub fn paths<'a>(&'a self, from: &'a PageFacts) -> impl Iterator<Item = &'a str> + 'a {
        self.pages
            .iter()
            .filter(move |p| p.project == from.project && p.world == from.world)
            .map(|p| &*p.path)
    }
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

/// The last segment of a page's path (`intro` of `/python/basics/intro`).
fn last_segment(page: &PageFacts) -> &str {
    page.path.rsplit_once('/').map_or(&*page.path, |(_, s)| s)
}

/// What pages are looked up by: sources and each build output are worlds of their own.
type Key<'a> = (&'a Option<Arc<PathBuf>>, &'a Option<Arc<PathBuf>>, &'a str);

fn key(page: &PageFacts) -> Key<'_> {
    (&page.project, &page.world, &page.path)
}

fn key_of<'a>(from: &'a PageFacts, path: &'a str) -> Key<'a> {
    (&from.project, &from.world, path)
}

/// Keys compared by the folders' bytes (the same `Arc` is equal at once): sorting and
/// searching `by_path` agree, and no path is parsed into components.
fn compare(a: Key<'_>, b: Key<'_>) -> std::cmp::Ordering {
    let folder = |x: &Option<Arc<PathBuf>>, y: &Option<Arc<PathBuf>>| match (x, y) {
        (Some(x), Some(y)) if Arc::ptr_eq(x, y) => std::cmp::Ordering::Equal,
        (x, y) => x
            .as_deref()
            .map(|p| p.as_os_str())
            .cmp(&y.as_deref().map(|p| p.as_os_str())),
    };
    folder(a.0, b.0)
        .then_with(|| folder(a.1, b.1))
        .then_with(|| a.2.cmp(b.2))
}

/// A key's hash, from the folders' bytes as [`compare`] sees them.
fn hash_key((project, world, path): Key<'_>) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    let mut h = foldhash::fast::FixedState::default().build_hasher();
    fn bytes(p: &Option<Arc<PathBuf>>) -> Option<&[u8]> {
        p.as_deref().map(|p| p.as_os_str().as_encoded_bytes())
    }
    bytes(project).hash(&mut h);
    bytes(world).hash(&mut h);
    path.hash(&mut h);
    h.finish()
}

/// `(hash, index)` of every page, sorted (ties by index: the first file first).
fn by_hash(pages: &[PageFacts]) -> Vec<(u64, u32)> {
    let mut by_hash: Vec<(u64, u32)> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (hash_key(key(p)), i as u32))
        .collect();
    by_hash.sort_unstable();
    by_hash
}

/// Indices of `pages` sorted by [`key`].
fn by_path(pages: &[PageFacts]) -> Vec<u32> {
    let mut by_path: Vec<u32> = (0..pages.len() as u32).collect();
    by_path.sort_unstable_by(|&a, &b| compare(key(&pages[a as usize]), key(&pages[b as usize])));
    by_path
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

#[cfg(test)]
mod tests {
    use super::*;

    fn page(project: &Arc<PathBuf>, path: &str) -> PageFacts {
        PageFacts {
            file: Arc::new(PathBuf::from(format!("{}{path}.md", project.display()))),
            project: Some(project.clone()),
            kind: PageKind::Source,
            world: None,
            path: path.into(),
            framework: None,
            topic: None,
            order: None,
            links: Box::default(),
            sibling_orders: Box::default(),
            linted: true,
        }
    }

    /// A broken link's candidates: the pages of its folder (not below it) and the pages of its
    /// slug elsewhere, in its own project only, in path order.
    #[test]
    fn near_names_the_folder_and_the_slug_in_the_same_project() {
        let here = Arc::new(PathBuf::from("/site"));
        let other = Arc::new(PathBuf::from("/other"));
        let index = ProjectIndex::new(vec![
            page(&here, "/go/basics/intro"),
            page(&here, "/go/basics/types"),
            page(&here, "/go/basics/deep/page"),
            page(&here, "/go/basic"),
            page(&here, "/rust/ownership/intro"),
            page(&here, "/rust/ownership/traits"),
            page(&other, "/go/basics/loops"),
            page(&other, "/python/x/intro"),
        ]);
        let from = index
            .page_of(Path::new("/site/go/basics/intro.md"))
            .expect("indexed");
        assert_eq!(
            index.near(from, "/go/basics/intr"),
            ["/go/basics/intro", "/go/basics/types"]
        );
        assert_eq!(
            index.near(from, "/go/basic/intro"),
            ["/go/basics/intro", "/rust/ownership/intro"]
        );
        assert_eq!(index.near(from, "/go/x/traits"), ["/rust/ownership/traits"]);
        assert_eq!(index.near(from, "/go"), ["/go"; 0]);
        assert_eq!(
            crate::suggest::closest_path("/go/basic/intro", index.near(from, "/go/basic/intro")),
            Some("/go/basics/intro")
        );
    }
}
