//! The run: discover files, load and check each in parallel (`check_file.rs`), gather what they
//! give (`results.rs`), then the cross-file rules on the project index.

mod check_file;
mod collection_files;
mod cross_file_placed;
mod path_order;
mod results;

use crate::check::cross_file;
use cross_file_placed::assign_worlds;
use results::Collected;
pub use results::{digest, Excluded, FileResult, Outcome};

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::cache::Cache;
use crate::config::{ConfigTree, Scoped};
use crate::discover::{self, Target};

use crate::finding::{Finding, Severity};
use crate::index::{PageFacts, ProjectIndex};
use crate::load;
use crate::rules::{self, Scope};
use crate::schema::PageSchema;
use crate::settings::Settings;

use crate::source::SourceFile;

/// A run's engine: the page schema, the settings (and nested `qalint.toml` files) in force,
/// the project root and the cache; it discovers files, checks each through the linter and
/// runs the cross-file step. The [`crate::Workspace`] holds one.
pub struct Engine {
    pub schema: PageSchema,
    /// The settings at the project root (command-line flags included).
    pub settings: Settings,
    /// Nested `qalint.toml` files below the root (none: the root's settings everywhere).
    pub config: ConfigTree,
    /// The project root (see [`crate::project_root::project_root`]).
    pub root: PathBuf,
    /// Remember a digest of each linted file's text, so `--fix` can tell a file changed since.
    pub keep_digests: bool,
    /// Results of files whose content and settings did not change since an earlier run.
    pub cache: Option<Cache>,
}

impl Engine {
    /// Lints `paths` (files or folders). Cross-file rules see every page of the project.
    pub fn run(&self, paths: &[PathBuf]) -> Result<Outcome, String> {
        let mut found = discover::discover(paths)?;
        self.with_collection_files(&found.dirs, &mut found.files);
        // When the walk already went through the whole project, it is the index's walk too.
        let project = found.covers(&self.root).then(|| {
            let configs = found
                .configs
                .iter()
                .filter(|c| c.starts_with(&self.root))
                .cloned()
                .collect();
            (Vec::new(), configs)
        });
        let explicit: HashSet<PathBuf> = paths
            .iter()
            .filter(|p| !p.is_dir())
            .filter_map(|p| std::fs::canonicalize(p).ok())
            .collect();
        let mut excluded = Vec::new();
        let mut named: Vec<Target> = Vec::with_capacity(found.files.len());
        for t in found.files {
            if self.allowed(&t.path) {
                named.push(t);
            } else if explicit.contains(t.path.as_path()) {
                match (t.kind, self.why_not(&t.path)) {
                    // A JSON file named on its own that no data collection holds is a payload
                    // saved under another name, read as one (as before data collections).
                    (load::FileKind::Data(load::DataFormat::Json), Excluded::NoDataCollection) => {
                        named.push(Target {
                            kind: load::FileKind::Payload,
                            ..t
                        })
                    }
                    (_, why) => excluded.push((t.path.to_path_buf(), why)),
                }
            }
        }
        let mut unread = Vec::new();
        let mut unread_paths: Vec<PathBuf> = Vec::new();
        for (path, why) in &found.unreadable {
            unread_paths.push(path.clone());
            unread.push(self.unreadable(path, why.clone(), Severity::Error));
        }
        // A page that is a link is checked (and fixed) in its target when that lies inside the
        // project; a link out of the project is reported and never written through.
        for (link, target) in &found.links {
            match target {
                Ok(target) if target.starts_with(&self.root) => {
                    if self.allowed(target) {
                        let kind = load::FileKind::of(link).unwrap_or(load::FileKind::Markdown);
                        named.push(Target {
                            path: Arc::new(target.clone()),
                            kind,
                        });
                    }
                }
                Ok(target) => unread.push(self.unreadable(
                    link,
                    format!(
                        "a symbolic link to {}, outside the project: not checked, never fixed",
                        target.display()
                    ),
                    Severity::Warning,
                )),
                Err(why) => unread.push(self.unreadable(
                    link,
                    format!("a symbolic link whose target cannot be read: {why}"),
                    Severity::Error,
                )),
            }
        }
        named.sort_unstable();
        named.dedup();
        let mut outcome = self.lint(named, &found.dirs, None, project)?;
        outcome.excluded = excluded;
        if !unread.is_empty() {
            outcome.files_checked += unread.len();
            outcome.checked.extend(unread_paths.into_iter().map(Arc::new));
            outcome
                .checked
                .sort_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
            outcome.findings.extend(unread.into_iter().flatten());
            outcome.findings.sort_by(Finding::output_order);
        }
        Ok(outcome)
    }

    /// The findings of the syntax rules on for it on a path that was not read. `Warning`
    /// says what is not wrong, only not checked (a link out of the project): a warning whatever
    /// the rules' severity.
    pub fn unreadable(&self, path: &Path, message: String, severity: Severity) -> Vec<Finding> {
        let settings = self.settings_for(path);
        let src = SourceFile::new(path, String::new());
        let file = Arc::new(path.to_path_buf());
        let mut found = crate::check::syntax_findings(&settings, &src, &file, 0..0, message.into());
        if severity == Severity::Warning {
            found.iter_mut().for_each(|f| f.severity = severity);
        }
        found
    }

    /// Lints `text` as if it were the file `path` (an editor's unsaved buffer); the project's
    /// other pages feed the cross-file rules as usual.
    pub fn run_buffer(&self, path: &Path, text: String) -> Result<Outcome, String> {
        let abs = absolute(path);
        let kind = load::FileKind::of(&abs).unwrap_or(load::FileKind::Markdown);
        self.lint(
            Vec::new(),
            &[],
            Some(SourceFile::new(abs, text)).map(|s| (s, kind)),
            None,
        )
    }

    /// Whether the file at `abs` is checked at all: `include` and `exclude`, and for a YAML,
    /// JSON or CSV file, whether a collection holds it (a data collection's items, and a page
    /// collection's YAML and JSON pages: `.navigation.yml`, a landing `index.yml`).
    pub fn allowed(&self, abs: &Path) -> bool {
        let settings = self.settings_for(abs);
        settings.pages.filter.allows(abs)
            && (!matches!(load::FileKind::of(abs), Some(load::FileKind::Data(_)))
                || crate::collections::collection_of(&settings.pages.collections, abs)
                    .flatten()
                    .is_some())
    }

    /// Why the file at `abs` is not [`Self::allowed`].
    fn why_not(&self, abs: &Path) -> Excluded {
        match self.settings_for(abs).pages.filter.allows(abs) {
            true => Excluded::NoDataCollection,
            false => Excluded::Filter,
        }
    }

    /// The settings in force for the file at `path`: the root's, refined by every nested
    /// `qalint.toml` above it.
    pub fn settings_for(&self, path: &Path) -> Scoped<'_> {
        self.config.settings_for(&self.settings, path)
    }

    /// Lints the `named` files (canonical paths) and `text`. `project` is the walk of the
    /// project root when the caller already has it: (pages not named, folders with a config).
    fn lint(
        &self,
        named: Vec<Target>,
        named_dirs: &[PathBuf],
        text: Option<(SourceFile, load::FileKind)>,
        project: Option<(Vec<Target>, Vec<PathBuf>)>,
    ) -> Result<Outcome, String> {
        let allowed = |abs: &PathBuf| self.allowed(abs);
        let mut named_files: HashSet<Arc<PathBuf>> = named.iter().map(|t| t.path.clone()).collect();
        if let Some((src, _)) = &text {
            named_files.insert(Arc::new(src.path.clone()));
        }
        let cross = rules::selected(&self.settings, Scope::Project)
            .next()
            .is_some();
        // Pages that are not linted still feed the index, so one file gets whole-tree findings.
        let (walked, nested) = match project {
            _ if !cross => (Vec::new(), Vec::new()),
            Some(walk) => walk,
            // The root is canonical, so the walked paths are too and compare with the named.
            None => {
                let (mut files, nested) =
                    discover::walk_with_projects(std::slice::from_ref(&self.root));
                self.with_collection_files(std::slice::from_ref(&self.root), &mut files);
                (files, nested)
            }
        };
        let projects = self.projects(nested);
        // Every page of the project passes these checks: by the paths' bytes, on every core.
        let named_bytes: HashSet<&[u8], foldhash::fast::RandomState> = named_files
            .iter()
            .map(|p| p.as_os_str().as_encoded_bytes())
            .collect();
        let others: Vec<Target> = walked
            .into_par_iter()
            .filter(|t| {
                !named_bytes.contains(t.path.as_os_str().as_encoded_bytes()) && allowed(&t.path)
            })
            .collect();

        let files_checked = named.len() + usize::from(text.is_some());
        let mut checked: Vec<Arc<PathBuf>> = named.iter().map(|t| t.path.clone()).collect();
        if let Some((src, _)) = &text {
            checked.push(Arc::new(src.path.clone()));
        }
        // Each file's pages get their project and path on the worker that read it. Files are
        // checked in path order (the named and the others merged), and a file's first page
        // goes into the file's own slot: the index then comes in order, sorted without a sort
        // (and without a lock every worker takes). A file's further pages (a payload's) are
        // gathered aside, and the index sorts them in.
        let placed = |r: &mut FileResult| {
            let mut mine = std::mem::take(&mut r.facts);
            for f in &mut mine {
                self.place_page(f, &projects);
            }
            mine
        };
        let jobs = path_order::in_path_order(&named, &others);
        let mut slots: Vec<Option<PageFacts>> = Vec::new();
        slots.resize_with(jobs.len(), || None);
        let more = std::sync::Mutex::new(Vec::new());
        let mut collected: Collected = slots
            .par_iter_mut()
            .zip(jobs.par_iter())
            .map(|(slot, &(t, lint))| {
                let mut r = self.check_file(t, lint);
                let mut pages = placed(&mut r).into_iter();
                *slot = pages.next();
                if pages.len() > 0 {
                    more.lock()
                        .unwrap_or_else(|poisoned| poisoned.into_inner())
                        .extend(pages);
                }
                r
            })
            .fold(Collected::default, Collected::add)
            .reduce(Collected::default, Collected::merge);
        // `filter_map` collects in place (the slots' memory becomes the facts'); `flatten`
        // would allocate a second list the size of the index.
        #[allow(clippy::filter_map_identity)]
        let mut facts: Vec<PageFacts> = slots.into_iter().filter_map(|f| f).collect();
        facts.extend(
            more.into_inner()
                .unwrap_or_else(|poisoned| poisoned.into_inner()),
        );
        if let Some((src, kind)) = text {
            let mut r = self.check_source(src, kind, true);
            facts.extend(placed(&mut r));
            collected = collected.add(r);
        }
        let Collected {
            findings,
            digests,
            suppressions,
        } = collected;
        // A payload's links resolve among the payloads of its own build output: index those
        // the walks above did not reach (a payload named alone, a build output outside the
        // walked folders).
        if cross {
            let worlds = assign_worlds(&mut facts, &projects);
            let outside: Vec<PathBuf> = worlds
                .into_iter()
                .filter(|w| !named_dirs.iter().any(|d| w.starts_with(d)))
                .collect();
            let seen: HashSet<&Path> = match outside.is_empty() {
                true => HashSet::new(),
                false => facts.iter().map(|f| f.file.as_path()).collect(),
            };
            let more: Vec<Target> = discover::walk(&outside)
                .into_iter()
                .filter(|t| t.kind == load::FileKind::Payload)
                .filter(|t| !seen.contains(t.path.as_path()) && allowed(&t.path))
                .collect();
            let mut extra: Vec<PageFacts> = more
                .par_iter()
                .flat_map_iter(|t| self.check_file(t, false).facts)
                .collect();
            self.place(&mut extra, &projects);
            facts.extend(extra);
        } else {
            assign_worlds(&mut facts, &projects);
        }
        let index = ProjectIndex::new(facts);
        // The files' findings and the project's joined once, into a list of the right size.
        let findings = results::join(findings, self.project_findings(&index));
        // The files with a finding (one a file: findings of a file are together) or a page.
        let mut pages_in: Vec<Arc<PathBuf>> = Vec::with_capacity(index.pages.len());
        let linted = index.pages.iter().filter(|f| f.linted).map(|f| &f.file);
        let mut last: Option<&Arc<PathBuf>> = None;
        for file in findings.iter().map(|f| &f.file).chain(linted) {
            if !last.is_some_and(|l| Arc::ptr_eq(l, file)) {
                pages_in.push(file.clone());
                last = Some(file);
            }
        }
        let findings = cross_file::finish(&index, findings, suppressions, &self.settings);
        // Sorted runs already (the index's pages are in byte order, the files' findings come
        // in nearly that order): a stable sort merges them.
        pages_in.sort_by(|a, b| a.as_os_str().cmp(b.as_os_str()));
        pages_in.dedup_by(|a, b| a.as_os_str() == b.as_os_str());
        let errors = self.config.errors(named_files.iter().map(|f| f.as_path()));
        if !errors.is_empty() {
            let errors: Vec<String> = errors.into_iter().map(String::from).collect();
            return Err(errors.join("\n"));
        }
        Ok(Outcome {
            findings,
            files_checked,
            checked,
            named: named_files,
            digests,
            pages_in,
            suppressed: Vec::new(),
            excluded: Vec::new(),
        })
    }
}

/// An absolute, canonical path where possible: the identity of a file across discoveries.
pub fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    })
}
