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
    /// What pages sharing a path say of their collections (a site's locales), made the first
    /// time a link resolves only in another collection than its page's.
    shared: std::sync::OnceLock<SharedPaths>,
}

/// The collections of the paths more than one page has, each key's once.
#[derive(Debug, Default)]
struct SharedPaths {
    /// `(hash of key, a page of the key, its pages' distinct collections)`, in hash order.
    keys: Vec<(u64, u32, Vec<Arc<str>>)>,
    /// Pairs of collections (in name order) that hold a page of the same path.
    pairs: HashSet<(Arc<str>, Arc<str>)>,
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
            shared: std::sync::OnceLock::new(),
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
        self.shared = std::sync::OnceLock::new();
    }

    /// Whether `path` is the path of a page of the same project and world as `from`.
    pub fn has_path(&self, from: &PageFacts, path: &str) -> bool {
        self.find(from, path).is_some()
    }

    /// The page a link from `from` names, in its project and world.
    pub fn find(&self, from: &PageFacts, path: &str) -> Option<&PageFacts> {
        self.lookup(key_of(from, link_path(path)))
    }

    /// The collections of the pages a link from `from` names, each once, when more than one
    /// page has that path (a site's locales, each a collection with the same paths); `None`
    /// when one page or none has it.
    pub fn shared_collections(&self, from: &PageFacts, path: &str) -> Option<&[Arc<str>]> {
        let wanted = key_of(from, link_path(path));
        let h = hash_key(wanted);
        let keys = &self.shared().keys;
        let start = keys.partition_point(|&(x, _, _)| x < h);
        keys[start..]
            .iter()
            .take_while(|&&(x, _, _)| x == h)
            .find(|&&(_, i, _)| compare(key(&self.pages[i as usize]), wanted).is_eq())
            .map(|(_, _, collections)| collections.as_slice())
    }

    /// Whether collections `a` and `b` hold a page of the same path (in one project and
    /// world): a site's locales, which the site queries each on its own. Unrelated
    /// collections (docs, blog) share none.
    pub fn parallel(&self, a: &str, b: &str) -> bool {
        let (a, b) = if a <= b { (a, b) } else { (b, a) };
        self.shared().pairs.contains(&(Arc::from(a), Arc::from(b)))
    }

    fn shared(&self) -> &SharedPaths {
        self.shared
            .get_or_init(|| shared_paths(&self.pages, &self.by_hash))
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
        self.pages_in(file).first()
    }

    /// Every page of `file` (a payload may hold several): together, as pages are sorted by
    /// file.
    pub fn pages_in(&self, file: &Path) -> &[PageFacts] {
        let file = file.as_os_str();
        let start = self.pages.partition_point(|p| p.file.as_os_str() < file);
        let end = start + self.pages[start..].partition_point(|p| p.file.as_os_str() == file);
        &self.pages[start..end]
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

/// The path a link names: without an answer's anchor (`/python/basics/intro#scope`), a query
/// or a trailing slash.
fn link_path(path: &str) -> &str {
    let path = path.split(['#', '?']).next().unwrap_or(path);
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        "/"
    } else {
        trimmed
    }
}

/// The keys more than one page has, with their distinct collections, and the collection pairs
/// they make. One pass over `by_hash` (pages of one hash lie together); a key's collections are
/// kept each once, so a path a thousand pages repeat costs a thousand steps, not a million.
fn shared_paths(pages: &[PageFacts], by_hash: &[(u64, u32)]) -> SharedPaths {
    let mut shared = SharedPaths::default();
    for group in by_hash.chunk_by(|a, b| a.0 == b.0).filter(|g| g.len() > 1) {
        // The keys of the group (one, but where two paths' hashes collide).
        let mut keys: Vec<(u32, Vec<Arc<str>>)> = Vec::new();
        for &(_, i) in group {
            let page = &pages[i as usize];
            let Some(c) = &page.collection else { continue };
            let same = |&&mut (j, _): &&mut (u32, Vec<Arc<str>>)| {
                compare(key(&pages[j as usize]), key(page)).is_eq()
            };
            match keys.iter_mut().find(same) {
                Some((_, cs)) if !cs.contains(c) => cs.push(c.clone()),
                Some(_) => {}
                None => keys.push((i, vec![c.clone()])),
            }
        }
        for (i, cs) in keys {
            for (n, x) in cs.iter().enumerate() {
                for y in &cs[n + 1..] {
                    let pair = if x <= y { (x, y) } else { (y, x) };
                    shared.pairs.insert((pair.0.clone(), pair.1.clone()));
                }
            }
            shared.keys.push((group[0].0, i, cs));
        }
    }
    shared
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

    /// Locales: collections that share a path are parallel, and a path's collections are
    /// each said once, however many pages repeat it.
    #[test]
    fn shared_paths_name_each_collection_once() {
        let site = Arc::new(PathBuf::from("/site"));
        let at = |collection: &str, n: usize| {
            let mut p = page(&site, "/guide");
            p.file = Arc::new(PathBuf::from(format!("/site/{collection}/{n}.md")));
            p.collection = Some(collection.into());
            p
        };
        let mut pages: Vec<PageFacts> = (0..2000).map(|n| at("content_fr", n)).collect();
        pages.push(at("content_en", 0));
        pages.push(page(&site, "/blog/post"));
        let index = ProjectIndex::new(pages);
        let from = index
            .page_of(Path::new("/site/blog/post.md"))
            .expect("indexed");
        let mut shared: Vec<&str> = index
            .shared_collections(from, "/guide#intro")
            .expect("two collections")
            .iter()
            .map(|c| &**c)
            .collect();
        shared.sort_unstable();
        assert_eq!(shared, ["content_en", "content_fr"]);
        assert!(index.parallel("content_fr", "content_en"));
        assert!(!index.parallel("content_fr", "blog"));
        assert_eq!(index.shared_collections(from, "/blog/post"), None);
    }
}
