//! Which files a set of globs picks: `include`/`exclude` of `qalint.toml` (relative to its
//! folder, matching any path they fit) and a Nuxt Content source's globs (relative to the
//! source's folder, as Nuxt Content matches them).

use std::path::{Path, PathBuf};

use globset::{GlobSet, GlobSetBuilder};

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
