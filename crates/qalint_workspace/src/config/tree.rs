//! Nested `qalint.toml` files: one below the project root refines the settings above it for
//! the files below its folder; one saying `root = true` starts a project of its own.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

use super::{load_onto, SettingsError};
use crate::nuxt_record as nuxt;
use crate::project_root::{self, ConfigIn};
use crate::schema::PageSchema;
use crate::settings::{Scoped, Settings};

/// What the command line says over every `qalint.toml` (ruff's order: the file, then the
/// flags).
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub select: Option<Vec<&'static str>>,
    pub extend_select: Vec<&'static str>,
    pub ignore: Vec<&'static str>,
    /// `--schema`: the page schema for every file.
    pub schema: Option<Arc<PageSchema>>,
    /// `--builtin-schema`: a Nuxt Content site's recorded collections are not required.
    pub builtin_schema: bool,
}

impl Overrides {
    pub fn apply(&self, settings: &mut Settings) {
        if let Some(select) = &self.select {
            settings.rules.select_only(select);
        }
        settings.rules.extend_select(&self.extend_select);
        settings.rules.extend_ignore(&self.ignore);
        if let Some(schema) = &self.schema {
            settings.pages.schema = Some(schema.clone());
        }
        let flags = format!(
            "{:?}\0{:?}\0{:?}\0{}",
            self.select,
            self.extend_select,
            self.ignore,
            self.schema
                .as_ref()
                .map(|s| s.raw().to_string())
                .unwrap_or_default()
        );
        settings.fingerprint = crate::settings::mix(settings.fingerprint, flags.as_bytes());
    }
}

/// The settings of each folder below the project root, read once per folder.
#[derive(Debug, Default)]
pub struct ConfigTree {
    /// Off with `--config` and `--isolated`: one set of settings for every file.
    enabled: bool,
    root: PathBuf,
    overrides: Overrides,
    /// Folder → its settings and whether its `qalint.toml` says `root = true`.
    /// foldhash: looked up several times for every file of a run.
    folders: Mutex<HashMap<PathBuf, (Arc<Settings>, bool), foldhash::fast::RandomState>>,
    root_settings: OnceLock<Arc<Settings>>,
    errors: Mutex<Vec<SettingsError>>,
    /// Nuxt Content sites below the root without a believable record: an error of the run
    /// when it lints one of their files (an app nobody named does not stop the others').
    site_errors: Mutex<Vec<(PathBuf, SettingsError)>>,
    /// Files not trusted (see [`crate::project_root`]), each said once.
    warnings: Mutex<Vec<String>>,
    /// Tells trees apart in each thread's memo of its last folder (see [`ConfigTree::folder`]).
    id: u64,
}

/// Ids of cascading trees (0: a tree that never looks up folders).
static NEXT_ID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// The folder last looked up in this thread: files of one folder come one after another on a
/// worker, so most lookups need neither the shared map's lock nor a hash. Its settings are
/// `None` when they are the root's: then no reference count shared by every thread is touched.
type Memo = Option<(u64, PathBuf, Option<Arc<Settings>>)>;

thread_local! {
    static LAST: std::cell::RefCell<Memo> = const { std::cell::RefCell::new(None) };
}

/// Whether `dir` lies strictly below `root`, comparing bytes (both are canonical): no path
/// is parsed into components on this path taken for every file.
fn strictly_below(dir: &Path, root: &Path) -> bool {
    let (dir, root) = (
        dir.as_os_str().as_encoded_bytes(),
        root.as_os_str().as_encoded_bytes(),
    );
    dir.len() > root.len()
        && dir.starts_with(root)
        && (root.ends_with(b"/") || dir[root.len()] == b'/')
}

/// The folder of `path`: the text before its last `/` (no component parsing on this path
/// taken several times for every file), else what [`Path::parent`] says.
fn parent(path: &Path) -> Option<&Path> {
    let bytes = path.as_os_str().as_encoded_bytes();
    match bytes.iter().rposition(|&b| b == b'/') {
        Some(0) if bytes.len() > 1 => Some(Path::new("/")),
        Some(i) if i + 1 < bytes.len() && i > 0 && bytes[i - 1] != b'/' => {
            // SAFETY: the bytes end just before an ASCII `/` of an encoded `OsStr`, where its
            // encoding may be split (see `OsStr::from_encoded_bytes_unchecked`).
            Some(Path::new(unsafe {
                std::ffi::OsStr::from_encoded_bytes_unchecked(&bytes[..i])
            }))
        }
        _ => path.parent(),
    }
}

impl ConfigTree {
    /// Nested files below `root` refine `root`'s settings; `overrides` apply to each.
    /// `warnings`: what finding the root already noted.
    pub fn cascading(root: &Path, overrides: Overrides, warnings: Vec<String>) -> Self {
        ConfigTree {
            enabled: true,
            root: root.to_path_buf(),
            overrides,
            warnings: Mutex::new(warnings),
            id: NEXT_ID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            ..ConfigTree::default()
        }
    }

    /// The settings for the file at `path`, given the root's.
    pub fn settings_for<'a>(&self, root_settings: &'a Settings, path: &Path) -> Scoped<'a> {
        match parent(path) {
            Some(dir) if self.enabled && strictly_below(dir, &self.root) => {
                match self.remembered(root_settings, dir) {
                    Some(nested) => Scoped::Nested(nested),
                    None => Scoped::Root(root_settings),
                }
            }
            _ => Scoped::Root(root_settings),
        }
    }

    /// Whether the `qalint.toml` in `dir` (below the root) says `root = true`: a project
    /// boundary for the cross-file rules, whichever settings are in force.
    pub fn is_project_root(&self, root_settings: &Settings, dir: &Path) -> bool {
        if self.enabled {
            dir != self.root && self.folder(root_settings, dir).1
        } else {
            crate::project_root::says_root(&dir.join(project_root::CONFIG_FILE))
        }
    }

    /// Errors met reading nested files (each a usage error), and those of the sites below
    /// the root that hold one of the `linted` files.
    pub fn errors<'a>(&self, mut linted: impl Iterator<Item = &'a Path>) -> Vec<SettingsError> {
        let mut errors = self.errors.lock().map(|e| e.clone()).unwrap_or_default();
        if let Ok(sites) = self.site_errors.lock() {
            if !sites.is_empty() {
                let linted: Vec<&Path> = linted.by_ref().collect();
                errors.extend(
                    sites
                        .iter()
                        .filter(|(site, _)| linted.iter().any(|f| f.starts_with(site)))
                        .map(|(_, why)| why.clone()),
                );
            }
        }
        errors
    }

    /// Settings files refused so far (not read: a warning each).
    pub fn warnings(&self) -> Vec<String> {
        self.warnings.lock().map(|w| w.clone()).unwrap_or_default()
    }

    /// [`Self::folder`]'s settings through this thread's memo of its last folder; `None` for
    /// the root's.
    fn remembered(&self, root_settings: &Settings, dir: &Path) -> Option<Arc<Settings>> {
        let hit = LAST.with(|last| {
            last.borrow()
                .as_ref()
                .filter(|(id, d, _)| *id == self.id && d.as_os_str() == dir.as_os_str())
                .map(|(.., s)| s.clone())
        });
        if let Some(hit) = hit {
            return hit;
        }
        let found = self.folder(root_settings, dir).0;
        let root = self
            .root_settings
            .get()
            .is_some_and(|r| Arc::ptr_eq(r, &found));
        let found = (!root).then_some(found);
        LAST.with(|last| {
            *last.borrow_mut() = Some((self.id, dir.to_path_buf(), found.clone()));
        });
        found
    }

    fn folder(&self, root_settings: &Settings, dir: &Path) -> (Arc<Settings>, bool) {
        if let Some(found) = self.folders.lock().ok().and_then(|f| f.get(dir).cloned()) {
            return found;
        }
        let parent = match dir.parent() {
            Some(up) if up != self.root && up.starts_with(&self.root) => {
                self.folder(root_settings, up).0
            }
            _ => self
                .root_settings
                .get_or_init(|| Arc::new(root_settings.clone()))
                .clone(),
        };
        // A folder without its own file shares its parent's settings.
        let found = match project_root::config_in(dir) {
            ConfigIn::File(file) => match load_onto(&file, (*parent).clone()) {
                Ok(config) => {
                    let mut settings = config.settings;
                    self.overrides.apply(&mut settings);
                    (Arc::new(settings), config.root)
                }
                Err(e) => {
                    if let Ok(mut errors) = self.errors.lock() {
                        errors.push(e);
                    }
                    (parent, false)
                }
            },
            ConfigIn::Refused(why) => {
                if let Ok(mut warnings) = self.warnings.lock() {
                    warnings.push(why);
                }
                (parent, false)
            }
            ConfigIn::None => (parent, false),
        };
        let found = self.nuxt_site(dir, found);
        if let Ok(mut folders) = self.folders.lock() {
            folders.insert(dir.to_path_buf(), found.clone());
        }
        found
    }
}

impl ConfigTree {
    /// A Nuxt site below the root (an app of a monorepo) checks its files against its own
    /// recorded collections, as a project of its own, unless its settings say which files are
    /// pages or which schema they follow. Without a believable record, a Nuxt Content site
    /// stops the run as at the root.
    fn nuxt_site(&self, dir: &Path, found: (Arc<Settings>, bool)) -> (Arc<Settings>, bool) {
        let (settings, root) = found;
        // `settings` has the overrides applied: a `--schema` is its schema.
        if !settings.pages.collections.is_empty()
            || settings.pages.schema.is_some()
            || self.overrides.builtin_schema
            || !nuxt::is_nuxt_site(dir)
        {
            return (settings, root);
        }
        match nuxt::of_site(dir) {
            Ok(Some(loaded)) => {
                let mut own = (*settings).clone();
                own.pages.collections = loaded.collections;
                own.fingerprint = crate::settings::mix(own.fingerprint, &loaded.body);
                if let Ok(mut warnings) = self.warnings.lock() {
                    warnings.extend(loaded.warnings);
                }
                (Arc::new(own), true)
            }
            Ok(None) => (settings, root),
            Err(nuxt::Unbelieved::Warn(why)) => {
                if let Ok(mut warnings) = self.warnings.lock() {
                    warnings.push(why);
                }
                (settings, root)
            }
            Err(nuxt::Unbelieved::Stop(why)) => {
                if let Ok(mut errors) = self.site_errors.lock() {
                    let file = dir.join(nuxt::FILE);
                    let error = SettingsError::File { file, message: why };
                    errors.push((dir.to_path_buf(), error));
                }
                (settings, root)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// The folder found by bytes is the folder `Path::parent` gives, on every kind of path.
    #[test]
    fn parent_by_bytes_is_paths_parent() {
        for p in [
            "/site/content/a/b.md",
            "/b.md",
            "/",
            "b.md",
            "a/b.md",
            "",
            "/site/content/a/",
            "/site//a/b.md",
            "/site/a//b.md",
            "/site/./b.md",
            "/site/a/..",
            "../x.md",
        ] {
            let p = Path::new(p);
            assert_eq!(super::parent(p), p.parent(), "{p:?}");
        }
    }
}
