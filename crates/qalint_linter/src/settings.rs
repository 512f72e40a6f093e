//! What the user chose, grouped by who reads it: which rules run and at what severity
//! ([`RuleLevels`]), which files are pages ([`PageSources`]), the rules' options
//! ([`RuleOptions`]), and the fingerprint the cache keys results by.

use std::collections::HashMap;
use std::path::PathBuf;

use std::sync::Arc;

use crate::collections::Collection;
use crate::filter::FileFilter;
use crate::finding::{RuleCode, Severity};
use crate::schema::PageSchema;

/// A rule's level: a severity, or switched off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

/// The settings in force for a file, grouped by who reads them.
#[derive(Debug, Default, Clone)]
pub struct Settings {
    /// Which rules run and at what severity: the engine and every rule's findings.
    pub rules: RuleLevels,
    /// Which files are pages, of which collection and schema, and where their paths start:
    /// the engine's loading and placing.
    pub pages: PageSources,
    /// What single rules are told: those rules.
    pub options: RuleOptions,
    /// A digest of everything these settings were made from (configuration files, schema,
    /// command-line flags): the cache keys each file's results by it.
    pub fingerprint: u64,
}

/// Which rules run, and at what severity.
#[derive(Debug, Default, Clone)]
pub struct RuleLevels {
    /// Per rule code: its level when not the default.
    pub levels: HashMap<&'static str, Level>,
    /// Only these rule codes run, when set (`--select`).
    pub select: Option<Vec<&'static str>>,
    /// These rule codes never run (`--ignore`).
    pub ignore: Vec<&'static str>,
}

/// Which files are pages and what they follow.
#[derive(Debug, Default, Clone)]
pub struct PageSources {
    /// The content folder page paths are derived below (else the nearest `content` folder).
    pub content_dir: Option<PathBuf>,
    /// Include and exclude globs.
    pub filter: FileFilter,
    /// The page schema a `qalint.toml` names (else the linter's own).
    pub schema: Option<Arc<PageSchema>>,
    /// The collections declared (none: every page is a Q&A page).
    pub collections: Vec<Collection>,
}

/// Options of single rules.
#[derive(Debug, Default, Clone)]
pub struct RuleOptions {
    /// Framework slug → fence language, for the QA007 fix (before the built-in table).
    pub fence_languages: HashMap<String, String>,
}

/// Mixes `part` into a settings fingerprint.
pub fn mix(fingerprint: u64, part: &[u8]) -> u64 {
    let mut bytes = fingerprint.to_le_bytes().to_vec();
    bytes.extend_from_slice(part);
    xxhash_rust::xxh3::xxh3_64(&bytes)
}

impl RuleLevels {
    pub fn enabled(&self, rule: &impl RuleCode) -> bool {
        let code = rule.rule_code();
        if code == crate::finding::ALWAYS_ON {
            return true;
        }
        if self.ignore.contains(&code) || self.levels.get(code) == Some(&Level::Off) {
            return false;
        }
        self.select.as_ref().is_none_or(|s| s.contains(&code))
    }

    /// `--select` on the command line: exactly these rules, whatever the configuration's
    /// `select`, `ignore` and `"off"` said of them.
    pub fn select_only(&mut self, codes: &[&'static str]) {
        self.select = Some(codes.to_vec());
        self.ignore.retain(|c| !codes.contains(c));
        self.levels
            .retain(|c, level| !(codes.contains(c) && *level == Level::Off));
    }

    /// `--extend-select`: these rules too, even where the configuration switched them off.
    pub fn extend_select(&mut self, codes: &[&'static str]) {
        if let Some(select) = &mut self.select {
            select.extend(
                codes
                    .iter()
                    .filter(|c| !select.contains(c))
                    .collect::<Vec<_>>(),
            );
        }
        self.ignore.retain(|c| !codes.contains(c));
        self.levels
            .retain(|c, level| !(codes.contains(c) && *level == Level::Off));
    }

    /// `--ignore` and `--extend-ignore`: never these rules.
    pub fn extend_ignore(&mut self, codes: &[&'static str]) {
        self.ignore.extend(codes.iter().copied());
    }

    /// The severity the user set for a rule, if any.
    pub fn severity(&self, rule: &impl RuleCode) -> Option<Severity> {
        match self.levels.get(rule.rule_code()) {
            Some(Level::On(s)) => Some(*s),
            _ => None,
        }
    }
}

/// Settings in force for a file: the root's, or a nested folder's.
pub enum Scoped<'a> {
    Root(&'a Settings),
    Nested(Arc<Settings>),
}

impl std::ops::Deref for Scoped<'_> {
    type Target = Settings;
    fn deref(&self) -> &Settings {
        match self {
            Scoped::Root(s) => s,
            Scoped::Nested(s) => s,
        }
    }
}
