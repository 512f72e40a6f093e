//! The cross-file step over a site's page facts, once every file is checked: the project
//! rules (order gaps, broken links), each payload finding's source page, suppressions, and the
//! findings in order. The linter gathers the facts (a run's walk, a live workspace's index)
//! and places each page in its project and world; this step reads nothing else.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::finding::Finding;
use crate::findings::Findings;
use crate::index::ProjectIndex;
use crate::load::{self, PageKind};
use crate::rules::{self, ProjectCtx, ProjectRule, SuppressionCtx};
use crate::settings::{Scoped, Settings};
use crate::suppress::{self, Suppression};

/// The findings of the cross-file rules over `index`.
pub fn project_findings<'s>(
    index: &ProjectIndex,
    settings: &'s Settings,
    settings_for: &(dyn Fn(&Path) -> Scoped<'s> + Sync),
) -> Vec<Finding> {
    let ctx = ProjectCtx { index, settings };
    // The rules side by side (each reads the index only), their findings kept in rule order.
    let selected: Vec<&dyn ProjectRule> = rules::project_checks(settings).collect();
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
                let settings = settings_for(&f.file);
                f.severity = settings.rules.severity(meta).unwrap_or(meta.severity);
                settings.rules.enabled(meta)
            });
            found
        })
        .collect();
    found.into_iter().flatten().collect()
}

/// Every finding known: each payload finding's source page, suppressions applied, in order.
pub fn finish(
    index: &ProjectIndex,
    mut findings: Vec<Finding>,
    mut suppressions: Vec<(Arc<PathBuf>, Vec<Suppression>)>,
    settings: &Settings,
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
        settings,
    };
    for rule in rules::suppression_checks(settings) {
        rule.check_suppressions(&ctx, &mut findings);
    }
    findings.sort_by(Finding::output_order);
    drop_repeats(&mut findings);
    findings
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
