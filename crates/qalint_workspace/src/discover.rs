//! Which files are checked: `*.md` files (pages when they open with frontmatter) and
//! `_payload.json` files, found with the `ignore` crate so `.gitignore` and `.ignore` are
//! honoured and hidden folders skipped, unless named on the command line.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::{WalkBuilder, WalkState};

use crate::load::FileKind;
use crate::project_root::CONFIG_FILE;

/// A file to check and how to read it. The path is shared with every page and finding of
/// the file: one copy of it for the whole run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub path: Arc<PathBuf>,
    pub kind: FileKind,
}

/// Targets are ordered by their paths' bytes (canonical paths: equal bytes, equal paths), so
/// sorting thousands of them parses no path into components.
impl Ord for Target {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.path.as_os_str(), self.kind).cmp(&(other.path.as_os_str(), other.kind))
    }
}

impl PartialOrd for Target {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

/// What the command line names, found.
#[derive(Debug, Default)]
pub struct Discovered {
    /// The files to check, with canonical paths, sorted.
    pub files: Vec<Target>,
    /// The folders walked (canonical).
    pub dirs: Vec<PathBuf>,
    /// The folders holding a `qalint.toml` met on the walk.
    pub configs: Vec<PathBuf>,
    /// Entries that could not be read (permission, I/O error, a name that is not UTF-8), and
    /// why: each is a finding, so nothing unread passes as clean.
    pub unreadable: Vec<(PathBuf, String)>,
    /// Pages that are symbolic links, with their canonical target (or why it has none).
    pub links: Vec<(PathBuf, Result<PathBuf, String>)>,
}

impl Discovered {
    /// Whether the walk already went through all of `root`.
    pub fn covers(&self, root: &Path) -> bool {
        self.dirs.iter().any(|d| root.starts_with(d))
    }
}

/// The files below (or at) `paths`. A named file is always checked: a `.json` file is read as
/// a payload, anything else as Markdown. A named path that does not exist, or is neither a
/// regular file nor a folder (a FIFO, a device), is an error. Each argument is made canonical
/// once; walked files are named below it.
pub fn discover(paths: &[PathBuf]) -> Result<Discovered, String> {
    let mut found = Discovered::default();
    for p in paths {
        let canonical =
            std::fs::canonicalize(p).map_err(|e| format!("{}: {}", p.display(), io_reason(&e)))?;
        if let Some(what) = crate::bounded_read::not_a_file(&canonical) {
            return Err(format!(
                "{}: is {what}, not a file or folder; not checked",
                p.display()
            ));
        }
        if canonical.is_dir() {
            found.dirs.push(canonical);
            continue;
        }
        if std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink()) {
            found.links.push((p.clone(), Ok(canonical)));
            continue;
        }
        let kind = FileKind::of(&canonical).unwrap_or(
            if canonical.extension().is_some_and(|e| e == "json") {
                FileKind::Payload
            } else {
                FileKind::Markdown
            },
        );
        found.files.push(Target {
            path: Arc::new(canonical),
            kind,
        });
    }
    let walk = walk_all(&found.dirs);
    found.files.extend(walk.files);
    found.configs = walk.configs;
    found.unreadable = walk.unreadable;
    found.links.extend(walk.links);
    found.files.sort_unstable();
    found.files.dedup();
    Ok(found)
}

/// Why a named path cannot be used, in words (`no such file or directory`, `permission
/// denied`).
fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

/// Walks folders in parallel.
pub fn walk(dirs: &[PathBuf]) -> Vec<Target> {
    walk_all(dirs).files
}

/// Walks folders in parallel; also returns the folders that hold a `qalint.toml` (each the
/// root of its own project).
pub fn walk_with_projects(dirs: &[PathBuf]) -> (Vec<Target>, Vec<PathBuf>) {
    let walk = walk_all(dirs);
    (walk.files, walk.configs)
}

/// What a walk finds.
#[derive(Debug, Default)]
pub struct Walk {
    pub files: Vec<Target>,
    pub configs: Vec<PathBuf>,
    pub unreadable: Vec<(PathBuf, String)>,
    pub links: Vec<(PathBuf, Result<PathBuf, String>)>,
}

/// Walks folders in parallel, keeping what could not be read and the pages that are links.
pub fn walk_all(dirs: &[PathBuf]) -> Walk {
    walk_with(dirs, true)
}

/// The files below the folders of a Nuxt Content site's collection sources (`sources`) that
/// lie in `dirs` (or below which `dirs` lie), found as Nuxt Content finds a source's files
/// (tinyglobby with `dot: true`, no ignore file): hidden folders and files included,
/// `.gitignore` not read. Which of them a collection holds is its globs' business.
pub fn walk_sources(dirs: &[PathBuf], sources: &[PathBuf]) -> Walk {
    let mut roots: Vec<PathBuf> = sources
        .iter()
        .flat_map(|s| {
            dirs.iter().filter_map(move |d| {
                if s.starts_with(d) {
                    Some(s.clone())
                } else if d.starts_with(s) {
                    Some(d.clone())
                } else {
                    None
                }
            })
        })
        .collect();
    roots.sort();
    // Sorted, a folder comes before those below it: each file is walked once.
    roots.dedup_by(|below, above| below.starts_with(above));
    walk_with(&roots, false)
}

/// Walks `dirs`; `ignores`: honour `.gitignore`, `.ignore`, hidden names and the folders that
/// are never content, as qalint's own walk does.
fn walk_with(dirs: &[PathBuf], ignores: bool) -> Walk {
    let Some((first, rest)) = dirs.split_first() else {
        return Walk::default();
    };
    let mut builder = WalkBuilder::new(first);
    for d in rest {
        builder.add(d);
    }
    builder.follow_links(false);
    if ignores {
        // Honour .gitignore even outside a git repository: content folders are often copied
        // around.
        builder
            .require_git(false)
            .hidden(true)
            // A folder named on the command line is walked whatever its name (depth 0).
            .filter_entry(|e| e.depth() == 0 || !is_default_excluded(e));
    } else {
        // No ignore file and no hidden name, as Nuxt Content globs a source; but never into a
        // repository's `.git` or the folders that are never content, should a source's folder
        // be the site itself (`cwd: '.'`, `include: '**'`): a walk there on every commit would
        // read node_modules.
        builder
            .standard_filters(false)
            .filter_entry(|e| e.depth() == 0 || !(is_default_excluded(e) || e.file_name() == ".git"));
    }
    let walk = Mutex::new(Walk::default());
    builder.build_parallel().run(|| {
        let walk = &walk;
        Box::new(move |entry| {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    if let (Some(path), Ok(mut w)) = (error_path(&e), walk.lock()) {
                        w.unreadable.push((path, error_reason(&e)));
                    }
                    return WalkState::Continue;
                }
            };
            if entry.file_name() == CONFIG_FILE {
                if let (Some(dir), Ok(mut w)) = (entry.path().parent(), walk.lock()) {
                    w.configs.push(dir.to_path_buf());
                }
            }
            let Some(kind) = FileKind::of(entry.path()) else {
                return WalkState::Continue;
            };
            let file_type = entry.file_type();
            if entry.path().to_str().is_none() && file_type.is_some_and(|t| !t.is_dir()) {
                if let Ok(mut w) = walk.lock() {
                    let why = "the file name is not valid UTF-8: no site can serve it".to_string();
                    w.unreadable.push((entry.into_path(), why));
                }
            } else if file_type.is_some_and(|t| t.is_file()) {
                if let Ok(mut w) = walk.lock() {
                    w.files.push(Target {
                        path: Arc::new(entry.into_path()),
                        kind,
                    });
                }
            } else if file_type.is_some_and(|t| t.is_symlink()) {
                let target = std::fs::canonicalize(entry.path()).map_err(|e| io_reason(&e));
                // A link to a folder (`x.md/`) is not a page.
                if target.as_ref().is_ok_and(|t| t.is_dir()) {
                    return WalkState::Continue;
                }
                if let Ok(mut w) = walk.lock() {
                    w.links.push((entry.into_path(), target));
                }
            }
            WalkState::Continue
        })
    });
    let mut walk = walk.into_inner().unwrap_or_default();
    walk.files.sort_unstable();
    walk.unreadable.sort();
    walk.links.sort();
    walk
}

/// The path an error of the walk is about.
fn error_path(e: &ignore::Error) -> Option<PathBuf> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path.clone()),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        ignore::Error::Loop { child, .. } => Some(child.clone()),
        ignore::Error::Partial(errors) => errors.iter().find_map(error_path),
        _ => None,
    }
}

/// What went wrong, without the path (the finding names it).
fn error_reason(e: &ignore::Error) -> String {
    match e {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => error_reason(err),
        ignore::Error::Io(io) => format!("cannot be read: {}", io_reason(io)),
        other => format!("cannot be read: {other}"),
    }
}

/// Folders a Nuxt site holds that are never content: dependencies, build caches and outputs.
/// Walked only when named on the command line (as ruff's default excludes), `.gitignore` or
/// not.
pub const DEFAULT_EXCLUDES: [&str; 5] = ["node_modules", ".nuxt", ".output", ".data", "dist"];

/// Whether a walk of the project reaches the file at `rel` (relative to the root) past its
/// folders: none of them hidden or a folder that is never content. (`.gitignore` is the
/// walk's alone: a watched-file event for an ignored file is indexed.)
pub fn walk_reaches(rel: &Path) -> bool {
    let mut folders = rel.components().collect::<Vec<_>>();
    folders.pop();
    folders.iter().all(|c| {
        let name = c.as_os_str().to_string_lossy();
        !name.starts_with('.') && !DEFAULT_EXCLUDES.contains(&name.as_ref())
    })
}

fn is_default_excluded(entry: &ignore::DirEntry) -> bool {
    entry.file_type().is_some_and(|t| t.is_dir())
        && entry
            .file_name()
            .to_str()
            .is_some_and(|n| DEFAULT_EXCLUDES.contains(&n))
}

/// Which project a page belongs to: the deepest folder holding a `qalint.toml` above it,
/// else the root. Cross-file rules compare pages of one project only.
#[derive(Debug, Clone, Default)]
pub struct Projects {
    pub root: Arc<PathBuf>,
    nested: Vec<Arc<PathBuf>>,
}

impl Projects {
    pub fn new(root: PathBuf, nested: Vec<PathBuf>) -> Self {
        let mut nested: Vec<Arc<PathBuf>> = nested.into_iter().map(Arc::new).collect();
        // Deepest first, so the first ancestor found is the nearest.
        nested.sort_by_key(|d| std::cmp::Reverse(d.components().count()));
        Projects {
            root: Arc::new(root),
            nested,
        }
    }

    /// The project root of `file`, shared by all its pages.
    pub fn of(&self, file: &Path) -> &Arc<PathBuf> {
        self.nested
            .iter()
            .find(|d| file.starts_with(d.as_path()))
            .unwrap_or(&self.root)
    }
}
