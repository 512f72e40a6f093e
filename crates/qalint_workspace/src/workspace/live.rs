//! A workspace kept up to date as files change (the language server's): every page of the
//! project (facts from disk, or from the buffer when it is open), the findings of the open
//! pages, and the index they were computed from. Checking and concluding are the engine's
//! (`Linter::check_text`, `Linter::cross_file`), the same steps a run of the CLI takes.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::open::{self, ConfigChoice};
use super::Workspace;
use crate::discover::{self, Projects, Target};
use crate::engine::{Engine, FileResult};
use crate::finding::{Finding, Severity};
use crate::index::{self, PageFacts, ProjectIndex};
use crate::load::FileKind;
use crate::source::SourceFile;

/// An open buffer.
pub struct Document {
    pub text: String,
    pub version: i32,
    /// Its text came in a message over the protocol's limit, skipped unread.
    pub skipped: bool,
}

/// What a workspace keeps between changes (empty until [`Workspace::live`] indexes it).
#[derive(Default)]
pub(super) struct Live {
    projects: Projects,
    /// Every page file of the project: from disk, or from the buffer when it is open.
    files: HashMap<PathBuf, FileResult>,
    open: HashMap<PathBuf, Document>,
    /// The findings of each open buffer from outside the workspace, made when it changes.
    outside: HashMap<PathBuf, Vec<Finding>>,
    /// The findings of each open file after the last change.
    findings: HashMap<PathBuf, Vec<Finding>>,
    index: ProjectIndex,
}

impl Workspace {
    /// The workspace of an editor on `root`: its settings loaded, every page of its project
    /// indexed, kept up to date as buffers and files change.
    pub fn live(root: &Path) -> Result<Self, String> {
        let engine = Self::editor_linter(root)?;
        let bulk = Self::load_suppressions(&engine.root)?;
        let mut ws = Workspace {
            engine,
            live: Live::default(),
            bulk,
        };
        ws.reindex();
        Ok(ws)
    }

    /// Whether `path` is open in a buffer.
    pub fn is_open(&self, path: &Path) -> bool {
        self.live.open.contains_key(path)
    }

    /// An open buffer.
    pub fn buffer(&self, path: &Path) -> Option<&Document> {
        self.live.open.get(path)
    }

    /// The paths of the open buffers.
    pub fn open_paths(&self) -> impl Iterator<Item = &PathBuf> {
        self.live.open.keys()
    }

    /// The open buffers.
    pub fn buffers(&self) -> impl Iterator<Item = (&PathBuf, &Document)> {
        self.live.open.iter()
    }

    /// The findings of an open buffer after the last [`Self::conclude`].
    pub fn findings_of(&self, path: &Path) -> Option<&Vec<Finding>> {
        self.live.findings.get(path)
    }

    /// The index of every page, as of the last change.
    pub fn index(&self) -> &ProjectIndex {
        &self.live.index
    }

    /// The engine for `root`, with the project's cache (unless QALINT_NO_CACHE is set): the
    /// server starts as fast as a warm run.
    fn editor_linter(root: &Path) -> Result<Engine, String> {
        let mut engine = open::engine(root, &ConfigChoice::Cascade, Default::default(), false)?;
        if std::env::var_os("QALINT_NO_CACHE").is_none_or(|v| v.is_empty() || v == "0") {
            // Without a cache the server is slower to start, nothing else (the CLI says why).
            engine.cache = crate::cache::Cache::open(&engine.root, None).ok();
        }
        Ok(engine)
    }

    /// Reads the whole project from disk again (at start, and when a `qalint.toml` changes);
    /// open buffers keep their text.
    pub fn reindex(&mut self) {
        let (mut walked, configs) =
            discover::walk_with_projects(std::slice::from_ref(&self.engine.root));
        // A Nuxt site's pages in dot-folders or git-ignored folders, as the CLI finds them.
        self.engine
            .with_collection_files(std::slice::from_ref(&self.engine.root), &mut walked);
        self.live.projects = self.engine.projects(configs);
        let engine = &self.engine;
        let projects = &self.live.projects;
        let results: Vec<(PathBuf, FileResult)> = walked
            .par_iter()
            .filter(|t| engine.allowed(&t.path))
            .map(|t| {
                let mut r = engine.check_file(t, false);
                engine.place(&mut r.facts, projects);
                (t.path.to_path_buf(), r)
            })
            .collect();
        self.live.files = results.into_iter().collect();
        if let Some(cache) = &self.engine.cache {
            // Only speed is at stake.
            let _ = cache.save();
        }
        let open: Vec<PathBuf> = self.live.open.keys().cloned().collect();
        for path in open {
            self.check_open(&path);
        }
        self.rebuild_index();
    }

    /// The index from every page (at start, and when many files change at once).
    fn rebuild_index(&mut self) {
        let facts: Vec<PageFacts> = self
            .live
            .files
            .values()
            .flat_map(|r| r.facts.iter().cloned())
            .collect();
        self.live.index = ProjectIndex::new(facts);
    }

    /// The index after the pages of one file changed.
    fn update_index(&mut self, path: &Path) {
        let facts = self
            .live
            .files
            .get(path)
            .map(|r| r.facts.clone())
            .unwrap_or_default();
        self.live.index.replace(path, facts);
    }

    /// Reloads the settings (a `qalint.toml` changed), then everything.
    pub fn reload(&mut self) -> Result<(), String> {
        let root = self.engine.root.clone();
        self.engine = Self::editor_linter(&root)?;
        self.bulk = Self::load_suppressions(&root)?;
        self.reindex();
        Ok(())
    }

    /// Whether `path` belongs to the workspace's project. A document from elsewhere is linted
    /// on its own, as the CLI would lint it from its own project, and never joins this index.
    pub fn belongs(&self, path: &Path) -> bool {
        path.starts_with(&self.engine.root)
    }

    pub fn open_buffer(&mut self, path: PathBuf, text: String, version: i32) {
        self.live.open.insert(
            path.clone(),
            Document {
                text,
                version,
                skipped: false,
            },
        );
        if self.belongs(&path) {
            self.check_open(&path);
            self.index_world(&path);
        } else {
            self.check_outside(&path);
        }
    }

    /// A buffer whose text came in a message too large to read: reported as too large when
    /// it is checked (with the edited buffers, see [`Self::check_buffer`]).
    pub fn open_skipped_buffer(&mut self, path: PathBuf) {
        let version = self.live.open.get(&path).map_or(0, |d| d.version);
        self.live.open.insert(
            path,
            Document {
                text: String::new(),
                version,
                skipped: true,
            },
        );
    }

    /// A buffer's new text; checked by [`Self::check_buffer`] once the edits queued have arrived.
    pub fn change_buffer(&mut self, path: &Path, text: String, version: i32) {
        if let Some(doc) = self.live.open.get_mut(path) {
            doc.text = text;
            doc.version = version;
            doc.skipped = false;
        }
    }

    /// Checks an open buffer's current text.
    pub fn check_buffer(&mut self, path: &Path) {
        match self.belongs(path) {
            true => self.check_open(path),
            false => self.check_outside(path),
        }
    }

    /// A closed page counts again as it is on disk.
    pub fn close_buffer(&mut self, path: &Path) {
        self.live.open.remove(path);
        self.live.outside.remove(path);
        self.live.findings.remove(path);
        if self.belongs(path) {
            self.file_changed(path);
        }
    }

    /// A file changed on disk (not open): its facts again, or none when it is gone. What the
    /// CLI's walk would not check is not indexed either: a link (its target, inside the
    /// project, is indexed as itself; one out of the project is not the project's), a file in
    /// a hidden or never-content folder, one `include`/`exclude` leave out.
    pub fn file_changed(&mut self, path: &Path) {
        if self.live.open.contains_key(path) {
            return;
        }
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        let walked = self.belongs(path)
            && !is_link
            && (path
                .strip_prefix(&self.engine.root)
                .is_ok_and(discover::walk_reaches)
                || self.engine.served_by_collection(path));
        match FileKind::of(path) {
            Some(kind) if walked && path.is_file() && self.engine.allowed(path) => {
                let target = Target {
                    path: Arc::new(path.to_path_buf()),
                    kind,
                };
                let mut result = self.engine.check_file(&target, false);
                self.engine.place(&mut result.facts, &self.live.projects);
                self.live.files.insert(path.to_path_buf(), result);
            }
            _ => {
                self.live.files.remove(path);
            }
        }
        self.update_index(path);
    }

    fn check_open(&mut self, path: &Path) {
        let Some(doc) = self.live.open.get(path) else {
            return;
        };
        // The CLI's limit: a larger buffer is not checked, and says so.
        if doc.skipped || doc.text.len() as u64 > crate::bounded_read::MAX_FILE_SIZE {
            let why = format!(
                "larger than the {} MB limit: not checked",
                crate::bounded_read::MAX_FILE_SIZE / (1024 * 1024)
            );
            let finding = self.engine.unreadable(path, why, Severity::Error);
            let result = FileResult {
                findings: finding.into_iter().collect(),
                ..FileResult::default()
            };
            self.live.files.insert(path.to_path_buf(), result);
            self.update_index(path);
            return;
        }
        let kind = FileKind::of(path).unwrap_or(FileKind::Markdown);
        let src = SourceFile::new(path, doc.text.clone());
        let mut result = self.engine.check_source(src, kind, true);
        self.engine.place(&mut result.facts, &self.live.projects);
        self.live.files.insert(path.to_path_buf(), result);
        self.update_index(path);
    }

    /// An open payload's links resolve among the payloads of its build output: index them
    /// (a build output is not walked with the project).
    fn index_world(&mut self, path: &Path) {
        let Some(world) = self.live.files.get(path).and_then(|r| {
            r.facts
                .iter()
                .filter(|f| f.kind == crate::load::PageKind::Payload)
                .find_map(|f| index::site_root(path, &f.path))
        }) else {
            return;
        };
        let known = &self.live.files;
        let engine = &self.engine;
        let more: Vec<(PathBuf, FileResult)> = discover::walk(std::slice::from_ref(&world))
            .par_iter()
            .filter(|t| t.kind == FileKind::Payload && !known.contains_key(t.path.as_path()))
            .map(|t| (t.path.to_path_buf(), engine.check_file(t, false)))
            .collect();
        self.live.files.extend(more);
        let projects = &self.live.projects;
        for result in self.live.files.values_mut() {
            engine.place(&mut result.facts, projects);
        }
        self.rebuild_index();
    }

    /// The findings of every open page, from the facts of every page: the engine's
    /// whole-project step, run after each change.
    pub fn conclude(&mut self) {
        let mut findings = Vec::new();
        let mut suppressions = Vec::new();
        for path in self.live.open.keys() {
            if let Some(result) = self.live.files.get(path) {
                findings.extend(result.findings.iter().cloned());
                suppressions.extend(result.suppressions.iter().cloned());
            }
        }
        let all = self
            .engine
            .cross_file(&self.live.index, findings, suppressions);
        // The project's suppressions file, as a run of the CLI over the open files applies it.
        let all = match &self.bulk {
            Some(bulk) => {
                let open: Vec<Arc<PathBuf>> =
                    self.live.open.keys().map(|p| Arc::new(p.clone())).collect();
                bulk.apply(all, &open, &self.engine.settings).reported
            }
            None => all,
        };
        self.live.findings = self
            .live
            .open
            .keys()
            .map(|p| (p.clone(), Vec::new()))
            .collect();
        for f in all {
            if let Some(list) = self.live.findings.get_mut(f.file.as_path()) {
                list.push(f);
            }
        }
        for (path, found) in &self.live.outside {
            self.live.findings.insert(path.clone(), found.clone());
        }
    }

    /// Lints a buffer from outside the workspace, as the CLI lints it (`--stdin-filename`):
    /// with its own project's settings and pages. Once a change of its own, not on every
    /// change elsewhere (its project is not this one).
    fn check_outside(&mut self, path: &Path) {
        let (Some(doc), Some(dir)) = (self.live.open.get(path), path.parent()) else {
            return;
        };
        let engine = open::engine(dir, &ConfigChoice::Cascade, Default::default(), false);
        // With its own project's suppressions file, as the CLI there would apply it.
        let outcome = engine.and_then(|l| {
            let outcome = l.run_buffer(path, doc.text.clone())?;
            Ok(match Self::load_suppressions(&l.root)? {
                Some(bulk) => {
                    bulk.apply(outcome.findings, &outcome.checked, &l.settings)
                        .reported
                }
                None => outcome.findings,
            })
        });
        let found = outcome.unwrap_or_default();
        self.live.outside.insert(path.to_path_buf(), found);
    }

    /// The text of a file: its buffer when open, else what is on disk.
    pub fn text_of(&self, path: &Path) -> Option<String> {
        match self.live.open.get(path) {
            Some(doc) => Some(doc.text.clone()),
            None => crate::bounded_read::read_to_string(path).ok(),
        }
    }
}
