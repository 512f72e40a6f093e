//! The project index: every page's facts, found by (project, world, path), by folder and
//! by slug. What the cross-file rules, completion and navigation ask of it.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::PageFacts;
use crate::load::PageKind;

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
    /// Pairs of collections that hold a page of the same path: one site's locales. Made the
    /// first time a link resolves only in another collection than its page's.
    parallel: std::sync::OnceLock<HashSet<(Arc<str>, Arc<str>)>>,
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
            parallel: std::sync::OnceLock::new(),
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
        self.parallel = std::sync::OnceLock::new();
    }

    /// Whether `path` is the path of a page of the same project and world as `from`.
    pub fn has_path(&self, from: &PageFacts, path: &str) -> bool {
        self.find(from, path).is_some()
    }

    /// The page a link from `from` names, in its project and world.
    pub fn find(&self, from: &PageFacts, path: &str) -> Option<&PageFacts> {
        self.find_all(from, path).next()
    }

    /// Every page a link from `from` names, in its project and world: several when page
    /// collections share paths (a site's locales), the first file first.
    pub fn find_all<'s, 'k>(
        &'s self,
        from: &'k PageFacts,
        path: &'k str,
    ) -> impl Iterator<Item = &'s PageFacts> + use<'s, 'k> {
        // A link may point at an answer's anchor (`/python/basics/intro#scope`).
        let path = path.split(['#', '?']).next().unwrap_or(path);
        let trimmed = path.trim_end_matches('/');
        let trimmed = if trimmed.is_empty() { "/" } else { trimmed };
        self.lookup_all(key_of(from, trimmed))
    }

    /// Whether collections `a` and `b` hold a page of the same path (in one project and
    /// world): a site's locales (`content_en`, `content_fr`, each with the same paths), which
    /// the site queries each on its own. Unrelated collections (docs, blog) share none.
    pub fn parallel(&self, a: &str, b: &str) -> bool {
        let pairs = self
            .parallel
            .get_or_init(|| parallel_collections(&self.pages, &self.by_hash));
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        pairs.contains(&(Arc::from(a), Arc::from(b)))
    }

    /// The source page a payload page was built from: the page of the same path among the
    /// sources of its project.
    pub fn source_of(&self, payload: &PageFacts) -> Option<&PageFacts> {
        self.lookup((&payload.project, &None, &payload.path))
            .filter(|p| p.kind == PageKind::Source)
    }

    /// The page of `wanted` (the first file, in byte order, when several share it).
    fn lookup(&self, wanted: Key<'_>) -> Option<&PageFacts> {
        self.lookup_all(wanted).next()
    }

    /// The pages of `wanted`, the first file first.
    fn lookup_all<'s, 'k>(
        &'s self,
        wanted: Key<'k>,
    ) -> impl Iterator<Item = &'s PageFacts> + use<'s, 'k> {
        let h = hash_key(wanted);
        let start = self.by_hash.partition_point(|&(x, _)| x < h);
        self.by_hash[start..]
            .iter()
            .take_while(move |&&(x, _)| x == h)
            .map(|&(_, i)| &self.pages[i as usize])
            .filter(move |p| compare(key(p), wanted).is_eq())
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

/// The pairs of collections (in name order) that hold pages of one key: pages of one hash
/// lie together in `by_hash`.
fn parallel_collections(
    pages: &[PageFacts],
    by_hash: &[(u64, u32)],
) -> HashSet<(Arc<str>, Arc<str>)> {
    let mut pairs = HashSet::new();
    for group in by_hash.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
        for (n, &(_, i)) in group.iter().enumerate() {
            for &(_, j) in &group[n + 1..] {
                let (a, b) = (&pages[i as usize], &pages[j as usize]);
                if let (Some(x), Some(y)) = (&a.collection, &b.collection) {
                    if x != y && compare(key(a), key(b)).is_eq() {
                        let pair = if x <= y {
                            (x.clone(), y.clone())
                        } else {
                            (y.clone(), x.clone())
                        };
                        pairs.insert(pair);
                    }
                }
            }
        }
    }
    pairs
}

/// Indices of `pages` sorted by [`key`].
fn by_path(pages: &[PageFacts]) -> Vec<u32> {
    let mut by_path: Vec<u32> = (0..pages.len() as u32).collect();
    by_path.sort_unstable_by(|&a, &b| compare(key(&pages[a as usize]), key(&pages[b as usize])));
    by_path
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
            collection: None,
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
