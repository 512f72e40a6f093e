//! What a rule sees, one type a scope: a page ([`Ctx`]), the project's index
//! ([`ProjectCtx`]), the suppression comments once every finding is known
//! ([`SuppressionCtx`]).

use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use super::RuleMeta;
use crate::finding::Finding;
use crate::index::ProjectIndex;
use crate::load::Page;
use crate::settings::Settings;
use crate::source::{Location, SourceFile};

/// What a rule sees of one page: the file's text, the page value and its locator, parsed once.
pub struct Ctx<'a> {
    pub src: &'a SourceFile,
    pub file: &'a Arc<PathBuf>,
    pub page: &'a Page,
    pub settings: &'a Settings,
    /// Rule names the page's suppression comments give that no rule has.
    pub unknown_rules: &'a [UnknownRule],
    /// The page's issues against its schema, validated once for every rule of the schema
    /// scope (see [`Ctx::schema_issues`]).
    pub issues: std::sync::OnceLock<Vec<crate::schema::Issue>>,
}

impl Ctx<'_> {
    /// What is wrong with the page against `schema`, validated the first time a rule asks.
    pub fn schema_issues(&self, schema: &crate::schema::PageSchema) -> &[crate::schema::Issue] {
        self.issues.get_or_init(|| {
            schema.issues(
                &self.page.value,
                self.page.kind == crate::load::PageKind::Source,
            )
        })
    }

    pub fn finding(
        &self,
        meta: &RuleMeta,
        range: Range<usize>,
        message: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Finding {
        let severity = self.settings.rules.severity(meta).unwrap_or(meta.severity);
        Finding::new(meta.id, severity, self.src, self.file, range, message)
    }

    pub fn location(&self, range: Range<usize>) -> Location {
        self.src.location(range)
    }

    /// A range cut at the end of its first line: a whole mapping is shown by its first line.
    pub fn first_line(&self, range: Range<usize>) -> Range<usize> {
        let range = self.src.snap(range);
        let text = &self.src.text[range.clone()];
        match text.find(['\n', '\r']) {
            Some(i) => range.start..range.start + i,
            None => range,
        }
    }

    /// The file range of `decoded` inside the string at `pointer`, or the string's own range.
    pub fn in_string(&self, pointer: &str, value: &str, decoded: Range<usize>) -> Range<usize> {
        let mut ranges = self.in_string_all(pointer, value, std::slice::from_ref(&decoded));
        ranges.pop().unwrap_or(0..0)
    }

    /// [`Ctx::in_string`] for several ranges of one string, from one map of it.
    pub fn in_string_all(
        &self,
        pointer: &str,
        value: &str,
        decoded: &[Range<usize>],
    ) -> Vec<Range<usize>> {
        let until = decoded.iter().map(|d| d.end).max().unwrap_or(0);
        let map = self
            .page
            .locator
            .string_map(&self.src.text, pointer, value, until);
        decoded
            .iter()
            .map(|d| {
                let range = map
                    .as_ref()
                    .map(|m| m.range_to_file(d.clone()))
                    .or_else(|| self.page.locator.value_range(pointer))
                    .unwrap_or(0..0);
                self.src.snap(range)
            })
            .collect()
    }
}

/// What a cross-file rule sees: the facts of every page of the project.
pub struct ProjectCtx<'a> {
    pub index: &'a ProjectIndex,
    pub settings: &'a Settings,
}

impl ProjectCtx<'_> {
    pub fn finding(
        &self,
        meta: &RuleMeta,
        file: &Arc<PathBuf>,
        location: Location,
        message: impl Into<std::borrow::Cow<'static, str>>,
    ) -> Finding {
        let severity = self.settings.rules.severity(meta).unwrap_or(meta.severity);
        Finding {
            rule: meta.id,
            severity,
            message: message.into(),
            file: file.clone(),
            location,
            help: None,
            labels: Vec::new(),
            fix: None,
            pointer: None,
            origin: None,
        }
    }
}

/// What a suppression rule sees once every finding is known: each suppression comment, with
/// what it silenced.
pub struct SuppressionCtx<'a> {
    pub comments: &'a [CommentUse<'a>],
    pub settings: &'a Settings,
}

/// A suppression comment once every finding is known.
pub struct CommentUse<'a> {
    pub file: &'a Arc<PathBuf>,
    pub location: &'a Location,
    /// Whether it silenced any finding.
    pub silenced_any: bool,
    /// The rule names it gives, as written, each with whether it silenced a finding of that
    /// rule; none: it silences every rule.
    pub names: Vec<(&'a str, bool)>,
}

/// A rule name a suppression comment gives that no rule has.
#[derive(Debug, Clone)]
pub struct UnknownRule {
    pub location: Location,
    pub name: String,
}
