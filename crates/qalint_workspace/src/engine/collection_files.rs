//! The files of a Nuxt Content site that qalint's own walk passes over and Nuxt Content
//! serves: a collection's source is globbed with `dot: true` and no ignore file, so its pages
//! in dot-folders or in folders git ignores are pages all the same.

use std::path::{Path, PathBuf};

use super::Engine;
use crate::discover::{self, Target};

impl Engine {
    /// `files` with the files below `dirs` that a Nuxt Content site's collections hold and
    /// qalint's own walk passes over (in dot-folders, or ignored by git): Nuxt Content serves
    /// them. Outside a Nuxt site (no recorded sources) nothing changes.
    pub(crate) fn with_collection_files(&self, dirs: &[PathBuf], files: &mut Vec<Target>) {
        let collections = &self.settings.pages.collections;
        let sources: Vec<PathBuf> = collections
            .iter()
            .filter_map(|c| c.paths.as_ref().map(|p| p.dir.clone()))
            .collect();
        if sources.is_empty() || dirs.is_empty() {
            return;
        }
        let walk = discover::walk_sources(dirs, &sources);
        files.extend(
            walk.files
                .into_iter()
                .filter(|t| self.served_by_collection(&t.path)),
        );
        files.sort_unstable();
        files.dedup();
    }

    /// Whether a Nuxt Content site's collection holds the file at `path` (its sources'
    /// folders walked as Nuxt Content walks them), wherever qalint's own walk would go.
    pub(crate) fn served_by_collection(&self, path: &Path) -> bool {
        self.settings
            .pages
            .collections
            .iter()
            .any(|c| c.paths.is_some() && c.filter.allows(path))
    }
}
