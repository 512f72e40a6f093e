//! What the user chose: which rules run and at what severity.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use globset::{GlobSet, GlobSetBuilder};

use std::sync::Arc;

use crate::collections::Collection;
use crate::finding::Severity;
use crate::rules::RuleMeta;
use crate::schema::PageSchema;

/// A rule's level: a severity, or switched off.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

/// Globs relative to the folder of the `qalint.toml` that wrote them.
#[derive(Debug, Clone)]
pub struct Globs {
    base: PathBuf,
    set: GlobSet,
    /// Nuxt's globs match only below their folder (qalint.toml's match any path they fit).
    anchored: bool,
}

impl Globs {
    pub fn new(base: &Path, globs: &[String]) -> Result<Self, String> {
        Self::build(base, globs, false)
    }

    /// Globs as Nuxt Content matches them (tinyglobby): `*` stops at `/`, `**` crosses folders.
    pub fn new_nuxt(base: &Path, globs: &[String]) -> Result<Self, String> {
        Self::build(base, globs, true)
    }

    fn build(base: &Path, globs: &[String], literal_separator: bool) -> Result<Self, String> {
        let mut b = GlobSetBuilder::new();
        for g in globs {
            let glob = globset::GlobBuilder::new(g)
                .literal_separator(literal_separator)
                .build()
                .map_err(|e| format!("bad glob `{g}`: {e}"))?;
            b.add(glob);
        }
        Ok(Globs {
            base: base.to_path_buf(),
            set: b.build().map_err(|e| e.to_string())?,
            anchored: literal_separator,
        })
    }

    pub fn is_match(&self, path: &Path) -> bool {
        match path.strip_prefix(&self.base) {
            Ok(below) => self.set.is_match(below),
            Err(_) => !self.anchored && self.set.is_match(path),
        }
    }
}

/// Which files are checked: include and exclude globs, each set by the nearest
/// `qalint.toml` that says it.
#[derive(Debug, Clone, Default)]
pub struct FileFilter {
    pub include: Option<Globs>,
    pub exclude: Option<Globs>,
}

impl FileFilter {
    pub fn new(base: &Path, include: &[String], exclude: &[String]) -> Result<Self, String> {
        Ok(FileFilter {
            include: if include.is_empty() {
                None
            } else {
                Some(Globs::new(base, include)?)
            },
            exclude: Some(Globs::new(base, exclude)?),
        })
    }

    /// Whether `path` (absolute) is checked.
    pub fn allows(&self, path: &Path) -> bool {
        !self.exclude.as_ref().is_some_and(|e| e.is_match(path))
            && self.include.as_ref().is_none_or(|i| i.is_match(path))
    }
}

#[derive(Debug, Default, Clone)]
pub struct Settings {
    /// Per rule code: its level when not the default.
    pub levels: HashMap<&'static str, Level>,
    /// Only these rule codes run, when set (`--select`).
    pub select: Option<Vec<&'static str>>,
    /// These rule codes never run (`--ignore`).
    pub ignore: Vec<&'static str>,
    /// The content folder page paths are derived below (else the nearest `content` folder).
    pub content_dir: Option<PathBuf>,
    /// Include and exclude globs.
    pub filter: FileFilter,
    /// The page schema a `qalint.toml` names (else the linter's own).
    pub schema: Option<Arc<PageSchema>>,
    /// Framework slug → fence language, for the QA007 fix (before the built-in table).
    pub fence_languages: HashMap<String, String>,
    /// The collections declared (none: every page is a Q&A page).
    pub collections: Vec<Collection>,
    /// A digest of everything these settings were made from (configuration files, schema,
    /// command-line flags): the cache keys each file's results by it.
    pub fingerprint: u64,
}

/// Mixes `part` into a settings fingerprint.
pub fn mix(fingerprint: u64, part: &[u8]) -> u64 {
    let mut bytes = fingerprint.to_le_bytes().to_vec();
    bytes.extend_from_slice(part);
    xxhash_rust::xxh3::xxh3_64(&bytes)
}

impl Settings {
    pub fn enabled(&self, meta: &RuleMeta) -> bool {
        let code = meta.code();
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
    pub fn severity(&self, meta: &RuleMeta) -> Option<Severity> {
        match self.levels.get(meta.code()) {
            Some(Level::On(s)) => Some(*s),
            _ => None,
        }
    }
}
