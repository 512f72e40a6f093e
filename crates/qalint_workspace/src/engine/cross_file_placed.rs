//! The run's cross-file step, once every file is checked: each page's project, world and path,
//! then the core's step over the index (the project rules, suppressions, the findings in
//! order: [`crate::check::cross_file`]). A run does it once (`Linter::lint`); a live workspace
//! after each change, over the facts it keeps (`Workspace::conclude` calls `cross_file`).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::Engine;
use crate::check::cross_file;
use crate::discover::Projects;
use crate::finding::Finding;
use crate::index::{self, PageFacts, ProjectIndex};
use crate::load::PageKind;
use crate::paths;
use crate::suppress::Suppression;

impl Engine {
    /// The cross-file rules over `index`, added to the files' own `findings`; suppressions
    /// applied; in order. The language server keeps its index up to date and calls this alone.
    pub fn cross_file(
        &self,
        index: &ProjectIndex,
        mut findings: Vec<Finding>,
        suppressions: Vec<(Arc<PathBuf>, Vec<Suppression>)>,
    ) -> Vec<Finding> {
        findings.extend(self.project_findings(index));
        cross_file::finish(index, findings, suppressions, &self.settings)
    }

    /// The findings of the cross-file rules over `index`, each file's own settings applied.
    pub(super) fn project_findings(&self, index: &ProjectIndex) -> Vec<Finding> {
        cross_file::project_findings(index, &self.settings, &|file| self.settings_for(file))
    }

    /// Gives each page its project, its world (see [`assign_worlds`]) and, for a source page
    /// without a `path` key, the path Nuxt derives from its file. Done again on placed pages,
    /// it changes nothing (the language server places a page once, when it is read).
    pub fn place(&self, facts: &mut [PageFacts], projects: &Projects) {
        assign_worlds(facts, projects);
        // Deriving a path is Nuxt's slugify on every segment: worth the cores.
        facts
            .par_iter_mut()
            .for_each(|f| self.place_page(f, projects));
    }

    /// Gives one page its project and, for a source page without a `path` key, the path Nuxt
    /// derives from its file (its world needs every payload: see [`assign_worlds`]).
    pub(super) fn place_page(&self, f: &mut PageFacts, projects: &Projects) {
        let project = projects.of(&f.file);
        // A `path` key in the frontmatter wins (Nuxt's own key); `facts` took it. A page
        // collection's YAML or JSON page has a path as its Markdown pages do; a data item none.
        let settings = (f.path.is_empty() && f.kind != PageKind::Payload)
            .then(|| self.settings_for(&f.file));
        let collection = settings.as_deref().and_then(|s| {
            crate::collections::collection_of(&s.pages.collections, &f.file).flatten()
        });
        let routed = f.kind == PageKind::Source || collection.is_some_and(|c| !c.data);
        if let (Some(settings), true) = (&settings, routed) {
            let nuxt = collection
                .and_then(|c| c.paths.as_ref())
                .filter(|base| f.file.starts_with(&base.dir));
            let content = settings
                .pages
                .content_dir
                .as_deref()
                .filter(|c| f.file.starts_with(c));
            f.path = match (nuxt, content) {
                // Nuxt's source: its prefix, then the file's path below the source's folder.
                (Some(base), _) => {
                    let below = paths::path_below(&f.file, &base.dir);
                    match base.prefix.trim_end_matches('/') {
                        "" => below.into(),
                        prefix if below == "/" => prefix.into(),
                        prefix => format!("{prefix}{below}").into(),
                    }
                }
                (None, Some(content)) => paths::path_below(&f.file, content).into(),
                (None, None) => paths::page_path(&f.file, project).into(),
            };
        }
        f.project = Some(project.clone());
    }

    /// The projects below the root: a nested `qalint.toml` starts one only when it says
    /// `root = true`.
    pub fn projects(&self, configs: Vec<PathBuf>) -> Projects {
        let nested = configs
            .into_iter()
            .filter(|d| self.config.is_project_root(&self.settings, d))
            .collect();
        Projects::new(self.root.clone(), nested)
    }
}

/// Sets the world of each payload page (the build output it belongs to: see
/// [`index::site_root`], else its project) and returns the distinct build outputs.
pub(super) fn assign_worlds(facts: &mut [PageFacts], projects: &Projects) -> Vec<PathBuf> {
    let mut roots: HashMap<Arc<PathBuf>, Arc<PathBuf>> = HashMap::new();
    for f in facts.iter().filter(|f| f.kind == PageKind::Payload) {
        if let Some(root) = index::site_root(&f.file, &f.path) {
            roots
                .entry(f.file.clone())
                .or_insert_with(|| Arc::new(root));
        }
    }
    for f in facts.iter_mut().filter(|f| f.kind == PageKind::Payload) {
        let world = roots
            .get(&f.file)
            .cloned()
            .unwrap_or_else(|| projects.of(&f.file).clone());
        f.world = Some(world);
    }
    let mut worlds: Vec<PathBuf> = roots.into_values().map(|w| w.to_path_buf()).collect();
    worlds.sort();
    worlds.dedup();
    worlds
}
