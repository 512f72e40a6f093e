//! What checking files gives, and how the workers' results are gathered.

use std::collections::{HashMap, HashSet, LinkedList};
use std::path::PathBuf;
use std::sync::Arc;

pub use crate::file_result::{digest, FileResult};
use crate::finding::Finding;
use crate::suppress::Suppression;

/// What one run found.
#[derive(Debug, Default)]
pub struct Outcome {
    pub findings: Vec<Finding>,
    pub files_checked: usize,
    /// The files checked (linted, or reported unreadable), in byte order.
    pub checked: Vec<Arc<PathBuf>>,
    /// With `keep_digests`: the digest of each file's text as it was checked.
    pub digests: HashMap<Arc<PathBuf>, u64>,
    /// The files named on the command line (or given on standard input).
    pub named: HashSet<Arc<PathBuf>>,
    /// The linted files that hold a page (or could not be read as one), in byte order: a
    /// folder with none below it has no pages, which deserves a word rather than "All checks
    /// passed".
    pub pages_in: Vec<Arc<PathBuf>>,
    /// The findings `qalint-suppressions.json` suppresses (not reported; still fixable).
    pub suppressed: Vec<Finding>,
    /// Files named on the command line that are not checked, and why.
    pub excluded: Vec<(PathBuf, Excluded)>,
}

/// Why a file named on the command line is not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Excluded {
    /// `include`/`exclude` in a `qalint.toml` leave it out.
    Filter,
    /// A YAML, JSON or CSV file no collection holds.
    NoDataCollection,
}

impl Outcome {
    /// Whether the file at `path` (canonical) holds a page that was linted.
    pub fn has_page(&self, path: &std::path::Path) -> bool {
        self.pages_in
            .binary_search_by(|p| p.as_os_str().cmp(path.as_os_str()))
            .is_ok()
    }
}

/// The results of many files but their facts (see [`Linter::lint`]), gathered as they come.
/// Each worker fills its own vectors; workers' collections are chained, never copied into one
/// another, and joined once at the end in file order (so the findings come nearly sorted).
#[derive(Default)]
pub(super) struct Collected {
    pub(super) findings: LinkedList<Vec<Finding>>,
    pub(super) digests: HashMap<Arc<PathBuf>, u64>,
    pub(super) suppressions: Vec<(Arc<PathBuf>, Vec<Suppression>)>,
}

impl Collected {
    pub(super) fn add(mut self, r: FileResult) -> Self {
        // Each file's own list kept as it is: growing one list a worker would copy it over
        // and over (a finding-heavy tree has tens of thousands).
        if !r.findings.is_empty() {
            self.findings.push_back(r.findings);
        }
        self.digests.extend(r.digest);
        self.suppressions.extend(r.suppressions);
        self
    }

    pub(super) fn merge(mut self, mut other: Self) -> Self {
        self.findings.append(&mut other.findings);
        if self.digests.len() < other.digests.len() {
            std::mem::swap(&mut self.digests, &mut other.digests);
        }
        self.digests.extend(other.digests);
        self.suppressions.extend(other.suppressions);
        self
    }
}

/// The findings of the files, in the order the files came, then `more`: one vector, sized once
/// (growing a list of many findings would copy it).
pub(super) fn join(parts: LinkedList<Vec<Finding>>, more: Vec<Finding>) -> Vec<Finding> {
    let mut all = Vec::with_capacity(parts.iter().map(Vec::len).sum::<usize>() + more.len());
    for part in parts {
        all.extend(part);
    }
    all.extend(more);
    all
}
