//! The cache: for each file, a digest of its content and the settings it was checked with →
//! what checking it gave (its facts for the index, its own findings with their fixes). A file
//! whose digest matches is not parsed again. Cross-file rules are never cached: they are
//! computed on every run from the facts, so a page deleted, renamed or renumbered elsewhere
//! is always seen (rumdl's cache once gave stale cross-file verdicts for want of this).
//!
//! `.qalint_cache/` at the project root (with a `CACHEDIR.TAG` and a `.gitignore`), one file
//! per qalint version. Written atomically (temporary file, then rename); a cache that is
//! corrupt, truncated, from another version or not signed with this user's key (`crate::signing_key`:
//! one a repository shipped) is ignored and rebuilt, never trusted; a cache folder that is a
//! link is not used (`folder.rs`). A run decodes an entry's facts and findings only for the
//! files it meets (see `format.rs`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_128;

mod folder;
mod format;
mod stat;
mod stored;
use crate::signing_key::{self, Key};
use format::OldEntries;
pub use stat::Stat;

use crate::file_result::FileResult;
use crate::finding::Finding;
use crate::index::PageFacts;
use crate::suppress::Suppression;

/// The cache folder's name at the project root.
pub const DIR: &str = ".qalint_cache";
pub use folder::outside;

/// The largest cache file read (and written): a finding-heavy tree of 100,000 pages makes
/// one of about 100 MB, more than a page may be.
const MAX_SIZE: u64 = 1024 * 1024 * 1024;

/// The digest of a file's content.
pub fn digest(text: &str) -> u128 {
    xxh3_128(text.as_bytes())
}

/// What decides whether a file's entry can be used, and what a run needs of it besides its
/// facts and findings: small and of fixed size, decoded for every entry when the cache is read.
#[derive(Clone, Copy, Serialize, Deserialize)]
struct Meta {
    digest: u128,
    stat: Option<Stat>,
    /// The fingerprint of the settings the file was checked with.
    settings: u64,
    /// Checked with every rule (`false`: only its facts were gathered).
    linted: bool,
    fix_digest: Option<u64>,
}

impl Meta {
    fn usable(&self, settings: u64, lint: bool) -> bool {
        self.settings == settings && (!lint || self.linted)
    }
}

/// What one file gave in this run, without the paths the run knows.
#[derive(Clone)]
struct Entry {
    meta: Meta,
    findings: Vec<Finding>,
    facts: Vec<PageFacts>,
    suppressions: Option<Vec<Suppression>>,
}

/// Entries are keyed by their path's bytes with foldhash: a lookup for every file of a run
/// neither parses a path nor runs SipHash.
type ByPath<T> = HashMap<Vec<u8>, T, foldhash::fast::RandomState>;

pub struct Cache {
    file: PathBuf,
    /// Signs what is written and checks what is read.
    key: Key,
    /// The entries read, each with whether this run met it: read on a thread of its own
    /// while the run walks the project, waited for at the first lookup.
    old: std::sync::OnceLock<OldEntries>,
    loading: Mutex<Option<std::thread::JoinHandle<OldEntries>>>,
    /// Entries made in this run, and how many (no lock taken while there are none).
    made: Mutex<ByPath<Entry>>,
    made_count: AtomicUsize,
}

fn path_bytes(p: &Path) -> Vec<u8> {
    key(p).to_vec()
}

fn key(p: &Path) -> &[u8] {
    p.as_os_str().as_encoded_bytes()
}

/// The path an entry's bytes name (`None`: not a path of this system).
fn bytes_path(b: &[u8]) -> Option<&Path> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        Some(Path::new(std::ffi::OsStr::from_bytes(b)))
    }
    #[cfg(not(unix))]
    {
        std::str::from_utf8(b).ok().map(Path::new)
    }
}

impl Cache {
    /// The cache of the project at `root` (in `dir` when given), empty when there is none or
    /// it cannot be trusted; why there can be no cache at all (no key for this user, a
    /// folder that is a link), for a warning: the run then goes on without one.
    pub fn open(root: &Path, dir: Option<&Path>) -> Result<Cache, String> {
        let folder = dir.map_or_else(|| root.join(DIR), Path::to_path_buf);
        if let Some(why) = folder::refused(&folder) {
            return Err(why);
        }
        let key = signing_key::user_key_for(root).map_err(|e| format!("{e}; running without a cache"))?;
        Ok(Cache::with_key(&folder, key))
    }

    /// The cache in `folder`, signed with the key kept in `key_dir` (made there when
    /// missing) rather than in this user's cache folder: what the qalint of the user whose
    /// key that is reads and writes. For tests that play a user.
    #[doc(hidden)]
    #[cfg(any(test, feature = "internals"))]
    pub fn open_with_key_in(folder: &Path, key_dir: &Path) -> Result<Cache, String> {
        Ok(Cache::with_key(
            folder,
            signing_key::key_in(key_dir, folder)?,
        ))
    }

    fn with_key(folder: &Path, key: Key) -> Cache {
        let file = folder.join(concat!("v", env!("CARGO_PKG_VERSION"), ".bin"));
        let (path, their_key) = (file.clone(), key.clone());
        let loading = std::thread::Builder::new()
            .name("qalint-cache".into())
            .spawn(move || read(&path, &their_key))
            .ok();
        Cache {
            file,
            key,
            old: std::sync::OnceLock::new(),
            loading: Mutex::new(loading),
            made: Mutex::default(),
            made_count: AtomicUsize::new(0),
        }
    }

    /// The entries read (waiting for the loading thread the first time).
    fn old(&self) -> &OldEntries {
        self.old.get_or_init(|| {
            let handle = self.loading.lock().ok().and_then(|mut h| h.take());
            match handle {
                Some(h) => h.join().unwrap_or_default(),
                // No thread could be started: read here.
                None => read(&self.file, &self.key),
            }
        })
    }

    /// What checking `path` gave when its content and settings were the same, for a check
    /// that `lint`s it or only gathers its facts.
    pub fn get(
        &self,
        path: &Arc<PathBuf>,
        digest: u128,
        settings: u64,
        lint: bool,
    ) -> Option<FileResult> {
        self.find(path, settings, lint, |e| e.digest == digest)
    }

    /// What `stat` says of `path` and, when that is what its entry recorded, what checking it
    /// gave (like [`Self::get`], without reading the file). A file with no entry (a cold run,
    /// a new file) is not `stat`ed: reading it gives its `stat` anyway.
    pub fn get_by_stat(
        &self,
        path: &Arc<PathBuf>,
        settings: u64,
        lint: bool,
    ) -> (Option<Stat>, Option<FileResult>) {
        let made = self.made_count.load(Ordering::Acquire) > 0
            && self.made.lock().is_ok_and(|m| m.contains_key(key(path)));
        if made {
            let stat = Stat::of_path(path);
            let hit = stat.and_then(|s| self.find(path, settings, lint, |m| m.stat == Some(s)));
            return (stat, hit);
        }
        // One lookup: the entry found decides whether to `stat` and whether the `stat` matches.
        let old = self.old();
        let Some(e) = old.get(key(path)) else {
            return (None, None);
        };
        let stat = Stat::of_path(path);
        let same = stat.is_some() && e.meta.stat == stat && e.meta.usable(settings, lint);
        (
            stat,
            same.then(|| restore_old(old, e, path, lint)).flatten(),
        )
    }

    fn find(
        &self,
        path: &Arc<PathBuf>,
        settings: u64,
        lint: bool,
        same: impl Fn(&Meta) -> bool,
    ) -> Option<FileResult> {
        let usable = |m: &Meta| same(m) && m.usable(settings, lint);
        if self.made_count.load(Ordering::Acquire) > 0 {
            if let Some(e) = self.made.lock().ok()?.get(key(path)) {
                return usable(&e.meta).then(|| restore_made(e, path, lint));
            }
        }
        let old = self.old();
        let e = old.get(key(path)).filter(|e| usable(&e.meta))?;
        restore_old(old, e, path, lint)
    }

    /// The file's content matched its entry but its `stat` did not (a checkout rewrote it,
    /// a `touch`): remember the new `stat`, so the next run need not read the file again.
    pub fn restat(&self, path: &Arc<PathBuf>, digest: u128, stat: Option<Stat>) {
        let (Some(stat), Ok(mut made)) = (stat, self.made.lock()) else {
            return;
        };
        if let Some(e) = made.get_mut(key(path)) {
            if e.meta.digest == digest {
                e.meta.stat = Some(stat);
            }
            return;
        }
        let old = self.old();
        let found = old
            .get(key(path))
            .filter(|e| e.meta.digest == digest && e.meta.stat != Some(stat));
        if let Some(mut e) = found.and_then(|e| old.entry(e)) {
            e.meta.stat = Some(stat);
            made.insert(path_bytes(path), e);
            self.made_count.store(made.len(), Ordering::Release);
        }
    }

    pub fn put(
        &self,
        path: &Arc<PathBuf>,
        (digest, stat): (u128, Option<Stat>),
        settings: u64,
        lint: bool,
        r: &FileResult,
    ) {
        let entry = Entry {
            meta: Meta {
                digest,
                stat,
                settings,
                linted: lint,
                fix_digest: r.digest.as_ref().map(|d| d.1),
            },
            findings: r.findings.clone(),
            facts: r.facts.clone(),
            suppressions: r.suppressions.as_ref().map(|s| s.1.clone()),
        };
        if let Ok(mut made) = self.made.lock() {
            // A full entry is never replaced by a facts-only one of the same content.
            let keep = made.get(key(path)).is_some_and(|e| {
                e.meta.linted && !lint && e.meta.digest == digest && e.meta.settings == settings
            });
            if !keep {
                made.insert(path_bytes(path), entry);
                self.made_count.store(made.len(), Ordering::Release);
            }
        }
    }

    /// Writes the entries of this run, and those of earlier runs whose files still exist
    /// (a run naming one file keeps the others' entries; a file that is gone is pruned).
    pub fn save(&self) -> Result<(), String> {
        let made = self.made.lock().map_err(|_| "cache lock poisoned")?;
        let old = self.old();
        let all_met = old.iter().all(|e| e.met.load(Ordering::Relaxed));
        // Nothing new, nothing gone: the file on disk is already right (a warm run's case).
        if made.is_empty() && all_met && !old.is_empty() {
            return Ok(());
        }
        let mut entries: Vec<(&[u8], format::Item)> = made
            .iter()
            .map(|(p, e)| (p.as_slice(), format::Item::Made(e)))
            .collect();
        entries.extend(
            old.iter()
                .filter(|e| {
                    let path = old.path(e);
                    !made.contains_key(path)
                        && (e.met.load(Ordering::Relaxed)
                            || bytes_path(path).is_some_and(Path::is_file))
                })
                .map(|e| (old.path(e), format::Item::Kept(old.raw(e)))),
        );
        let bytes = format::write(entries, &self.key)?;
        if bytes.len() as u64 > MAX_SIZE {
            return Err(format!(
                "it would take {} MB, over the {} MB a cache may take",
                bytes.len() / (1024 * 1024),
                MAX_SIZE / (1024 * 1024)
            ));
        }
        let dir = self.file.parent().ok_or("no cache folder")?;
        folder::prepare(dir)?;
        // A new file (O_EXCL), renamed over the old name: a link there is replaced, not
        // followed.
        let mut tmp = tempfile::Builder::new()
            .prefix(".cache-")
            .tempfile_in(dir)
            .map_err(|e| e.to_string())?;
        std::io::Write::write_all(&mut tmp, &bytes).map_err(|e| e.to_string())?;
        tmp.persist(&self.file).map_err(|e| e.error.to_string())?;
        Ok(())
    }
}

/// The cache file's entries, none when it is missing, a link, corrupt, from another version
/// or not signed with `key`.
fn read(file: &Path, key: &Key) -> OldEntries {
    match crate::bounded_read::read_own_file_up_to(file, MAX_SIZE) {
        Ok(bytes) => format::read(bytes, key),
        Err(_) => OldEntries::default(),
    }
}

/// An entry made in this run, as the run needs it: paths filled in, `linted` as asked.
fn restore_made(entry: &Entry, path: &Arc<PathBuf>, lint: bool) -> FileResult {
    let (findings, suppressions) = match lint {
        true => (entry.findings.clone(), entry.suppressions.clone()),
        false => (Vec::new(), None),
    };
    placed(
        entry.meta,
        findings,
        entry.facts.clone(),
        suppressions,
        path,
        lint,
    )
}

/// An entry read from the file, decoded now (its findings only when the file is linted) and
/// marked as met; `None` when its bytes do not decode.
fn restore_old(
    old: &OldEntries,
    e: &format::OldEntry,
    path: &Arc<PathBuf>,
    lint: bool,
) -> Option<FileResult> {
    let (findings, suppressions) = match lint {
        true => old.rest(e)?,
        false => (Vec::new(), None),
    };
    let facts = old.facts(e)?;
    e.met.store(true, Ordering::Relaxed);
    Some(placed(e.meta, findings, facts, suppressions, path, lint))
}

fn placed(
    meta: Meta,
    mut findings: Vec<Finding>,
    mut facts: Vec<PageFacts>,
    suppressions: Option<Vec<Suppression>>,
    path: &Arc<PathBuf>,
    lint: bool,
) -> FileResult {
    for f in &mut findings {
        f.file = path.clone();
    }
    for f in &mut facts {
        f.file = path.clone();
        f.linted = lint;
    }
    FileResult {
        findings,
        facts,
        digest: meta.fix_digest.map(|d| (path.clone(), d)),
        suppressions: suppressions.map(|s| (path.clone(), s)),
    }
}
