//! Which files are checked: `*.md` files (pages when they open with frontmatter) and
//! `_payload.json` files, found with the `ignore` crate so `.gitignore` and `.ignore` are
//! honoured and hidden folders skipped, unless named on the command line.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use ignore::{WalkBuilder, WalkState};

use crate::load::FileKind;

/// A file to check and how to read it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    pub path: PathBuf,
    pub kind: FileKind,
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
}

impl Discovered {
    /// Whether the walk already went through all of `root`.
    pub fn covers(&self, root: &Path) -> bool {
        self.dirs.iter().any(|d| root.starts_with(d))
    }
}

/// The files below (or at) `paths`. A named file is always checked: a `.json` file is read as
/// a payload, anything else as Markdown. A named path that does not exist is an error. Each
/// argument is made canonical once; walked files are named below it.
pub fn discover(paths: &[PathBuf]) -> Result<Discovered, String> {
    let mut found = Discovered::default();
    for p in paths {
        let canonical = std::fs::canonicalize(p)
            .map_err(|_| format!("{}: no such file or directory", p.display()))?;
        if canonical.is_dir() {
            found.dirs.push(canonical);
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
            path: canonical,
            kind,
        });
    }
    let (walked, configs) = walk_with_projects(&found.dirs);
    found.files.extend(walked);
    found.configs = configs;
    found.files.sort();
    found.files.dedup();
    Ok(found)
}

/// Walks folders in parallel.
pub fn walk(dirs: &[PathBuf]) -> Vec<Target> {
    walk_with_projects(dirs).0
}

/// Walks folders in parallel; also returns the folders that hold a `qalint.toml` (each the
/// root of its own project).
pub fn walk_with_projects(dirs: &[PathBuf]) -> (Vec<Target>, Vec<PathBuf>) {
    let Some((first, rest)) = dirs.split_first() else {
        return (Vec::new(), Vec::new());
    };
    let mut builder = WalkBuilder::new(first);
    for d in rest {
        builder.add(d);
    }
    // Honour .gitignore even outside a git repository: content folders are often copied around.
    builder
        .require_git(false)
        .hidden(true)
        .follow_links(false)
        // A folder named on the command line is walked whatever its name (depth 0).
        .filter_entry(|e| e.depth() == 0 || !is_default_excluded(e));
    let found = Mutex::new(Vec::new());
    let configs = Mutex::new(Vec::new());
    builder.build_parallel().run(|| {
        let found = &found;
        let configs = &configs;
        Box::new(move |entry| {
            let Ok(entry) = entry else {
                return WalkState::Continue;
            };
            if entry.file_name() == CONFIG_FILE {
                if let (Some(dir), Ok(mut v)) = (entry.path().parent(), configs.lock()) {
                    v.push(dir.to_path_buf());
                }
            }
            if entry.file_type().is_some_and(|t| t.is_file()) {
                if let Some(kind) = FileKind::of(entry.path()) {
                    let target = Target {
                        path: entry.into_path(),
                        kind,
                    };
                    if let Ok(mut v) = found.lock() {
                        v.push(target);
                    }
                }
            }
            WalkState::Continue
        })
    });
    let mut files = found.into_inner().unwrap_or_default();
    files.sort();
    (files, configs.into_inner().unwrap_or_default())
}

pub const CONFIG_FILE: &str = "qalint.toml";

/// Folders a Nuxt site holds that are never content: dependencies, build caches and outputs.
/// Walked only when named on the command line (as ruff's default excludes), `.gitignore` or
/// not.
pub const DEFAULT_EXCLUDES: [&str; 5] = ["node_modules", ".nuxt", ".output", ".data", "dist"];

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

/// The project root: the folder of the nearest `qalint.toml` above `cwd` that says
/// `root = true`, else of the topmost `qalint.toml` (within the git work tree), else the top
/// of the git work tree, else `cwd`. A `qalint.toml` below the root refines its settings.
pub fn project_root(cwd: &Path) -> PathBuf {
    let git = cwd.ancestors().find(|d| d.join(".git").exists());
    // Folders from `cwd` up to the top of the work tree (or the file system's root).
    let up: Vec<&Path> = match git {
        Some(top) => cwd.ancestors().take_while(|d| d.starts_with(top)).collect(),
        None => cwd.ancestors().collect(),
    };
    let mut topmost = None;
    for dir in &up {
        let file = dir.join(CONFIG_FILE);
        if file.is_file() {
            if says_root(&file) {
                return dir.to_path_buf();
            }
            topmost = Some(dir.to_path_buf());
        }
    }
    topmost
        .or_else(|| git.map(Path::to_path_buf))
        .unwrap_or_else(|| cwd.to_path_buf())
}

/// Whether a `qalint.toml` says `root = true` (a file that does not parse says no here; it is
/// reported when its settings are read).
pub fn says_root(file: &Path) -> bool {
    std::fs::read_to_string(file)
        .ok()
        .and_then(|t| t.parse::<toml::Table>().ok())
        .and_then(|t| t.get("root").and_then(toml::Value::as_bool))
        .unwrap_or(false)
}
