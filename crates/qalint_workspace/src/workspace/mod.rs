//! The one API every front end uses, as biome's `Workspace` and ruff's `ruff_workspace` are:
//! the command line, the language server, and through the binary the Nuxt module, the npm
//! launcher and the git hooks. A [`Workspace`] is opened on a folder (its project root, its
//! `qalint.toml` files, the caller's overrides); it checks paths or a buffer and returns an
//! [`Outcome`], and fixes what an outcome holds. An editor's workspace ([`Workspace::live`],
//! in `live.rs`) also keeps every page's facts and takes changes one by one; both run the
//! engine's steps, so a page is checked the same way whoever asks.

mod live;
mod open;
mod suppressions;

use std::path::{Path, PathBuf};
use std::sync::Arc;

pub use crate::config::Overrides;
pub use crate::engine::{absolute, Excluded, Outcome};
pub use crate::fix::{
    apply_detailed, problems_fixed, unified_diff, unnamed_parts, FileFix, Mode as FixMode,
};
pub use live::Document;
pub use open::ConfigChoice;
pub use qalint_linter::detached::Detached;
pub use suppressions::Record;

use crate::engine::Engine;
use crate::schema::PageSchema;

/// A project opened for checking: its settings, and for an editor every page's facts.
pub struct Workspace {
    engine: Engine,
    live: live::Live,
    /// The project's `qalint-suppressions.json`, applied to every outcome.
    bulk: Option<crate::bulk_suppressions::BulkSuppressions>,
}

impl Workspace {
    /// The workspace for work started in `cwd` (canonical): the project root above it, the
    /// `qalint.toml` files `config` says, `overrides` (command-line flags) over them. With
    /// `keep_digests`, an outcome remembers each file's text digest, so a fix can tell a file
    /// changed since it was checked.
    pub fn open(
        cwd: &Path,
        config: &ConfigChoice,
        overrides: Overrides,
        keep_digests: bool,
    ) -> Result<Self, String> {
        let engine = open::engine(cwd, config, overrides, keep_digests)?;
        let bulk = Self::load_suppressions(&engine.root)?;
        Ok(Workspace {
            engine,
            live: live::Live::default(),
            bulk,
        })
    }

    /// The folder to [`Workspace::open`] for work started in `cwd` (canonical) on `paths`: `cwd`,
    /// or the Nuxt Content site the paths lie in when `cwd`'s project never reaches it (its
    /// pages follow its own record); an error when named paths need two workspaces.
    pub fn start_folder(cwd: &Path, paths: &[PathBuf]) -> Result<PathBuf, String> {
        open::start_folder(cwd, paths)
    }

    /// The engine underneath, for qalint's own tests of its internals.
    #[cfg(feature = "internals")]
    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The name of the Nuxt Content collection that serves the file at `path` (canonical),
    /// if the site declares collections and one holds it.
    pub fn collection_of(&self, path: &Path) -> Option<String> {
        let settings = self.engine.settings_for(path);
        crate::collections::collection_of(&settings.pages.collections, path)
            .flatten()
            .map(|c| c.name.clone())
    }

    /// The project root.
    pub fn root(&self) -> &Path {
        &self.engine.root
    }

    /// Checks `paths` (files or folders); cross-file rules see every page of the project.
    pub fn check_paths(&self, paths: &[PathBuf]) -> Result<Outcome, String> {
        Ok(self.with_suppressions(self.engine.run(paths)?))
    }

    /// Checks `text` as if it were the file `path` (standard input, an unsaved buffer); the
    /// project's other pages on disk feed the cross-file rules.
    pub fn check_text(&self, path: &Path, text: String) -> Result<Outcome, String> {
        Ok(self.with_suppressions(self.engine.run_buffer(path, text)?))
    }

    /// Applies the fixes of `outcome` to the files (or, with [`FixMode::Preview`], only
    /// computes them). `named_only`: a fix that would change a file not named is left out.
    pub fn fix(
        &self,
        outcome: &Outcome,
        unsafe_fixes: bool,
        mode: FixMode,
        named_only: bool,
    ) -> Vec<FileFix> {
        crate::fix::fix_all(&self.engine, outcome, unsafe_fixes, mode, named_only)
    }

    /// The fixed text of a buffer (`text`, checked as `path` into `outcome`); nothing is
    /// written. `None` when no fix applies.
    pub fn fix_buffer(
        &self,
        outcome: &Outcome,
        path: &Arc<PathBuf>,
        text: &str,
        unsafe_fixes: bool,
    ) -> Option<FileFix> {
        crate::fix::fix_buffer(&self.engine, outcome, path, text, unsafe_fixes)
    }

    /// The fixed text of a buffer from its own `findings` (what the language server keeps):
    /// the same rounds and re-parse guard as `--fix` and standard input.
    pub fn fix_buffer_findings(
        &self,
        findings: &[crate::finding::Finding],
        path: &Arc<PathBuf>,
        text: &str,
        unsafe_fixes: bool,
    ) -> Option<FileFix> {
        crate::fix::fix_buffer_with(&self.engine, findings, path, text, unsafe_fixes)
    }

    /// Uses the cache of the project the `named` paths belong to (not of the folder the
    /// workspace was opened in), in `dir` when given: with paths of several projects, none.
    /// Why there can be none is the error; the workspace works on without it.
    pub fn open_cache(&mut self, named: &[PathBuf], dir: Option<&Path>) -> Result<(), String> {
        let roots = crate::project_root::roots_of(named);
        let root = match roots.as_slice() {
            [] => self.engine.root.clone(),
            // A folder named below the workspace's root that is a root only for want of any
            // mark (no git, no qalint.toml: outside git, `qalint content`) is not a project of
            // its own: the cache never lands among the pages a site reads.
            [one]
                if one.starts_with(&self.engine.root)
                    && !crate::project_root::is_marked_root(one) =>
            {
                self.engine.root.clone()
            }
            [one] => one.clone(),
            _ => return Ok(()),
        };
        // Nor in a folder a Nuxt collection reads everything of (a source `**` at the site's
        // top): Nuxt Content would parse the cache's files as pages. The user's own cache
        // folder then holds it, one folder a project.
        let inside = root.join(crate::cache::DIR).join("CACHEDIR.TAG");
        let dir = match dir {
            None if self.engine.served_by_collection(&inside) => {
                Some(crate::cache::outside(&root)?)
            }
            _ => dir.map(Path::to_path_buf),
        };
        self.engine.cache = Some(crate::cache::Cache::open(&root, dir.as_deref())?);
        Ok(())
    }

    /// Writes the cache, if there is one (a cache that cannot be written costs speed only).
    pub fn save_cache(&self) -> Result<(), String> {
        match &self.engine.cache {
            Some(cache) => cache.save(),
            None => Ok(()),
        }
    }

    /// A topic's renumbering spans files: two `--fix` runs interleaving their writes could
    /// leave half of it. Runs on one project take turns: an advisory lock on each project root
    /// of `paths` (and the workspace's), held while the files returned are open; where locks
    /// are not supported, runs go on unlocked. Roots are locked in one order (no deadlock).
    pub fn take_turns(&self, paths: &[PathBuf]) -> Vec<std::fs::File> {
        let mut roots = crate::project_root::roots_of(paths);
        roots.push(self.engine.root.clone());
        roots.sort();
        roots.dedup();
        roots
            .iter()
            .filter_map(|r| {
                std::fs::File::open(r)
                    .and_then(|dir| dir.lock().map(|()| dir))
                    .ok()
            })
            .collect()
    }

    /// What the settings files said that the user should hear (a file refused, a Nuxt
    /// record not believed), once each.
    pub fn settings_warnings(&self) -> Vec<String> {
        self.engine.config.warnings()
    }

    /// The settings errors that stop checking the files at `paths` (a nested `qalint.toml`
    /// that does not parse), as the command line would stop on them.
    pub fn settings_errors<'a>(
        &self,
        paths: impl Iterator<Item = &'a Path>,
    ) -> Vec<crate::config::SettingsError> {
        self.engine.config.errors(paths)
    }

    /// `f` of the page schema in force for the file at `path`.
    pub fn with_schema_for<R>(&self, path: &Path, f: impl FnOnce(&PageSchema) -> R) -> R {
        let settings = self.engine.settings_for(path);
        f(settings
            .pages
            .schema
            .as_deref()
            .unwrap_or(&self.engine.schema))
    }
}

/// Records a Nuxt site's collections (Nuxt Content's, as JSON) in `.nuxt/qalint/` under
/// `root`, signed with this user's key: what later workspaces of the site read as its schema.
/// Returns the file written.
pub fn record_nuxt_collections(root: &Path, body: &[u8]) -> Result<PathBuf, String> {
    let key = crate::signing_key::user_key_for(root)?;
    crate::nuxt_record::write(root, body, &key)
}
