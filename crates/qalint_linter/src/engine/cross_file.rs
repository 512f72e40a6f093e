//! The run's cross-file step, once every file is checked: each page's project, world and path,
//! the index, the project rules, suppressions, and the findings in order. A run does it once
//! (`Linter::lint`); a live workspace after each change, over the facts it keeps
//! (`Workspace::conclude` calls `cross_file`).

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::Linter;
use crate::discover::Projects;
use crate::finding::Finding;
use crate::findings::Findings;
use crate::index::{self, PageFacts, ProjectIndex};
use crate::load::{self, PageKind};
use crate::paths;
use crate::rules::{self, ProjectCtx, Rule, Scope, SuppressionCtx};
use crate::suppress::{self, Suppression};

impl Linter {
    /// The cross-file rules over `index`, added to the files' own `findings`; suppressions
    /// applied; in order. The language server keeps its index up to date and calls this alone.
    pub fn cross_file(
        &self,
        index: &ProjectIndex,
        mut findings: Vec<Finding>,
        suppressions: Vec<(Arc<PathBuf>, Vec<Suppression>)>,
    ) -> Vec<Finding> {
        findings.extend(self.project_findings(index));
        self.finish(index, findings, suppressions)
    }

    /// The findings of the cross-file rules over `index`.
    pub(super) fn project_findings(&self, index: &ProjectIndex) -> Vec<Finding> {
        let ctx = ProjectCtx {
            index,
            settings: &self.settings,
        };
        // The rules side by side (each reads the index only), their findings kept in rule order.
        let selected: Vec<&dyn Rule> = rules::selected(&self.settings, Scope::Project).collect();
        let found: Vec<Vec<Finding>> = selected
            .par_iter()
            .map(|rule| {
                // Bounded as each file's own findings are (a payload with a million links).
                let mut found = Findings::default();
                rule.check_project(&ctx, &mut found);
                let mut found = found.into_sorted();
                // Each file's own settings say whether and how its findings are reported.
                let meta = rule.meta();
                found.retain_mut(|f| {
                    let settings = self.settings_for(&f.file);
                    f.severity = settings.rules.severity(meta).unwrap_or(meta.severity);
                    settings.rules.enabled(meta)
                });
                found
            })
            .collect();
        found.into_iter().flatten().collect()
    }

    /// Every finding known: each payload finding's source page, suppressions applied, in order.
    pub(super) fn finish(
        &self,
        index: &ProjectIndex,
        mut findings: Vec<Finding>,
        mut suppressions: Vec<(Arc<PathBuf>, Vec<Suppression>)>,
    ) -> Vec<Finding> {
        // Only a payload has a source page: without payload pages (most projects) no finding
        // needs a lookup, and none its file name parsed.
        if index.pages.iter().any(|p| p.kind == PageKind::Payload) {
            for f in &mut findings {
                if load::FileKind::of(&f.file) == Some(load::FileKind::Markdown) {
                    continue;
                }
                let payload = index
                    .page_of(&f.file)
                    .filter(|p| p.kind == PageKind::Payload);
                f.origin = payload
                    .and_then(|p| index.source_of(p))
                    .map(|s| s.file.clone());
            }
        }
        suppress::apply(&mut findings, &mut suppressions);
        let comments = suppress::uses(&suppressions);
        let ctx = SuppressionCtx {
            comments: &comments,
            settings: &self.settings,
        };
        for rule in rules::selected(&self.settings, Scope::Suppression) {
            rule.check_suppressions(&ctx, &mut findings);
        }
        findings.sort_by(Finding::output_order);
        drop_repeats(&mut findings);
        findings
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

/// One problem, one finding: the same finding twice (a payload's string shared by a `related`
/// link and a `siblings` entry, which devalue stores once) is kept once. Sorted findings put
/// repeats among those of the same place and rule, so only those are compared.
fn drop_repeats(findings: &mut Vec<Finding>) {
    let same_place =
        |a: &Finding, b: &Finding| a.rule == b.rule && a.location == b.location && a.file == b.file;
    let mut kept: Vec<Finding> = Vec::with_capacity(findings.len());
    for f in findings.drain(..) {
        let group = kept.iter().rev().take_while(|k| same_place(k, &f));
        if !group.into_iter().any(|k| k.message == f.message) {
            kept.push(f);
        }
    }
    *findings = kept;
}
