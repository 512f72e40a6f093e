//! What checking one file gives: made by the engine, kept and restored by the cache (a type
//! of the layer below both, so neither imports the other).

use std::path::PathBuf;
use std::sync::Arc;

use crate::finding::Finding;
use crate::index::PageFacts;
use crate::suppress::Suppression;

/// A file's findings and the facts of its pages for the index.
#[derive(Default, Clone)]
pub struct FileResult {
    pub findings: Vec<Finding>,
    pub facts: Vec<PageFacts>,
    /// A digest of the text checked, for `--fix` to tell a file changed since.
    pub digest: Option<(Arc<PathBuf>, u64)>,
    /// The file's suppression comments, applied once every finding is known.
    pub suppressions: Option<(Arc<PathBuf>, Vec<Suppression>)>,
}

/// A digest of a file's text, to notice it changed between checking and fixing.
pub fn digest(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}
