//! Checking a page's text: loaded, then checked by the selected rules of the file's scopes
//! (syntax, schema, page, suppression) against its collection's schema or the page schema.
//! The cross-file step over the page facts of a whole site is [`cross_file`]'s.

pub mod cross_file;

use std::collections::HashSet;
use std::path::PathBuf;
use std::sync::Arc;

use crate::collections::{self, CollectionSchema};
use crate::file_result::{digest, FileResult};
use crate::finding::Finding;
use crate::findings::Findings;
use crate::index;
use crate::load::{self, LoadError};
use crate::rules::{self, Ctx, Scope};
use crate::schema::PageSchema;
use crate::settings::Settings;
use crate::source::SourceFile;
use crate::suppress;

/// Checks a file's text (read from disk, given on standard input, typed in a playground) with
/// the `settings` in force for it; `default_schema` checks a Q&A page no collection gives a
/// schema of its own. With `lint` false only the index facts are gathered.
pub fn check_text(
    src: SourceFile,
    kind: load::FileKind,
    settings: &Settings,
    default_schema: &PageSchema,
    keep_digests: bool,
    lint: bool,
) -> FileResult {
    let collection = match kind {
        load::FileKind::Markdown | load::FileKind::Data(_) => {
            collections::collection_of(&settings.pages.collections, &src.path)
        }
        load::FileKind::Payload => None,
    };
    // A YAML, JSON or CSV file is an item of the collection that holds it (a page
    // collection's too, as Nuxt Content reads every file a source matches), or nothing.
    let data = collection.flatten();
    if matches!(kind, load::FileKind::Data(_)) && data.is_none() {
        return FileResult::default();
    }
    let data_page;
    let schema = match collection {
        // Collections are declared and none holds this file: no page, as for Nuxt.
        Some(None) => return FileResult::default(),
        // A page collection's YAML, JSON or CSV page has a schema of its own.
        Some(Some(c)) => match (kind, &c.data_pages, &c.schema) {
            (load::FileKind::Data(_), Some(own), CollectionSchema::Qa(_)) => {
                data_page = CollectionSchema::Qa(Some(own.clone()));
                &data_page
            }
            (load::FileKind::Data(_), Some(own), CollectionSchema::File(_)) => {
                data_page = CollectionSchema::File(own.clone());
                &data_page
            }
            _ => &c.schema,
        },
        None => &CollectionSchema::Qa(None),
    };
    let file = Arc::new(src.path.clone());
    // Every file's digest, named or not: a topic's renumbering may write any of them.
    let digest = keep_digests.then(|| (file.clone(), digest(&src.text)));
    let loaded = match (kind, data) {
        (load::FileKind::Data(format), Some(c)) => load::data::load_data(format, &src, c.csv_rows),
        _ => load::load_pages(kind, &src),
    };
    let pages = match loaded {
        Ok(pages) => pages,
        Err(e) => return invalid(&src, &file, e, settings, lint),
    };
    let page_schema = match schema {
        CollectionSchema::Qa(Some(own)) => own,
        _ => settings.pages.schema.as_deref().unwrap_or(default_schema),
    };
    let mut result = FileResult {
        digest,
        // Exactly as many as there are pages: these facts live until the end of the run.
        facts: Vec::with_capacity(pages.len()),
        ..FileResult::default()
    };

    // Bounded as they come: a page with a million problems holds a hundred per rule.
    let mut reported = Findings::default();
    if !matches!(schema, CollectionSchema::Qa(_)) {
        for page in &pages {
            result
                .facts
                .push(index::facts(page, &src, &file, lint).as_other_page());
            if let (true, CollectionSchema::File(schema)) = (lint, schema) {
                let ctx = Ctx {
                    src: &src,
                    file: &file,
                    page,
                    settings,
                    unknown_rules: &[],
                    issues: Default::default(),
                };
                for rule in rules::schema_checks(settings) {
                    rule.check_schema(&ctx, schema, &HashSet::new(), &mut reported);
                }
            }
        }
        // A data file or a page of another schema is bounded as a Q&A page is.
        result.findings = reported.into_sorted();
        return result;
    }
    for page in &pages {
        // A built page follows its own collection's schema; one of another kind than Q&A
        // is no Q&A page.
        let built = match kind {
            load::FileKind::Payload => {
                collections::collection_of_built(&settings.pages.collections, &page.value)
            }
            load::FileKind::Markdown | load::FileKind::Data(_) => None,
        };
        let page_schema = match built {
            Some(c) if !matches!(c.schema, CollectionSchema::Qa(_)) => {
                result
                    .facts
                    .push(index::facts(page, &src, &file, lint).as_other_page());
                continue;
            }
            Some(c) => c.payload.as_deref().unwrap_or(page_schema),
            None => page_schema,
        };
        let mut facts = index::facts(page, &src, &file, lint);
        facts.collection = built
            .or(collection.flatten())
            .map(|c| index::intern(&c.name));
        result.facts.push(facts);
        if !lint {
            continue;
        }
        let (found, unknown_rules) = suppress::parse(&src, page);
        if !found.is_empty() {
            result.suppressions = Some((file.clone(), found));
        }
        let ctx = Ctx {
            src: &src,
            file: &file,
            page,
            settings,
            unknown_rules: &unknown_rules,
            issues: Default::default(),
        };
        let mut page_findings = Findings::tracking_pointers();
        for rule in page_rules(settings) {
            rule.check(&ctx, &mut page_findings);
        }
        let mut schema_findings = Findings::default();
        let mut absorbed = Vec::new();
        for rule in rules::schema_checks(settings) {
            absorbed.extend(rule.check_schema(
                &ctx,
                page_schema,
                page_findings.pointers(),
                &mut schema_findings,
            ));
        }
        // A misspelled key and the missing key it stands for are one problem: the
        // schema's did-you-mean says both, so a rule's "missing" finding goes.
        if !absorbed.is_empty() {
            page_findings.drop_pointers(&absorbed);
        }
        page_findings.append(schema_findings);
        // The rules that ran only to keep the schema silent on what they own are not
        // reported (see `RuleMeta::stands_for_schema`).
        page_findings.retain_rules(|code| enabled(settings, code));
        reported.append(page_findings);
    }
    // In output order already: the whole run's findings then come nearly sorted, and
    // sorting them costs little more than checking they are.
    result.findings = reported.into_sorted();
    result
}

/// What a file's text that cannot be read as a page gives: the syntax rules' findings.
pub fn invalid(
    src: &SourceFile,
    file: &Arc<PathBuf>,
    e: LoadError,
    settings: &Settings,
    lint: bool,
) -> FileResult {
    let mut result = FileResult::default();
    if lint {
        result.findings = syntax_findings(settings, src, file, e.range, e.message.into());
    }
    result
}

/// What the rules of the syntax scope report of a file that cannot be read as a page.
pub fn syntax_findings(
    settings: &Settings,
    src: &SourceFile,
    file: &Arc<PathBuf>,
    range: std::ops::Range<usize>,
    message: std::borrow::Cow<'static, str>,
) -> Vec<Finding> {
    rules::selected(settings, Scope::Syntax)
        .map(|rule| {
            let meta = rule.meta();
            let severity = settings.rules.severity(meta).unwrap_or(meta.severity);
            Finding::new(meta.id, severity, src, file, range.clone(), message.clone())
        })
        .collect()
}

/// The rules that check one page: the selected rules of the page, syntax and suppression
/// scopes, and while the schema rule is on, those whose findings stand for its problems (see
/// `RuleMeta::stands_for_schema`).
fn page_rules(settings: &Settings) -> impl Iterator<Item = &'static dyn rules::PageRule> + '_ {
    let schema_on = rules::selected(settings, Scope::Schema).next().is_some();
    rules::ALL.iter().copied().filter_map(move |r| {
        let meta = r.meta();
        let on = settings.rules.enabled(meta) || (schema_on && meta.stands_for_schema);
        r.checks().per_page().filter(|_| on)
    })
}

fn enabled(settings: &Settings, code: &str) -> bool {
    rules::find(code).is_some_and(|r| settings.rules.enabled(r.meta()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(settings: &Settings) -> Vec<&'static str> {
        page_rules(settings).map(|r| r.meta().code()).collect()
    }

    /// Only the selected rules check a page; the rules whose findings stand for the schema's
    /// run while the schema rule does (and only then), whatever their own level.
    #[test]
    fn only_the_selected_rules_check_a_page() {
        let mut settings = Settings::default();
        assert_eq!(
            codes(&settings),
            ["QA000", "QA002", "QA003", "QA006", "QA007", "QA100"]
        );
        settings.rules.select_only(&["QA007"]);
        assert_eq!(codes(&settings), ["QA000", "QA007"]);
        settings.rules.select_only(&["QA001"]);
        assert_eq!(codes(&settings), ["QA000", "QA002", "QA003", "QA006"]);
        settings.rules.select_only(&["QA004", "QA005"]);
        assert_eq!(codes(&settings), ["QA000"]);
    }
}
