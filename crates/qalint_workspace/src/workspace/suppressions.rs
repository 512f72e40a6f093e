//! The project's bulk suppressions (`qalint-suppressions.json`, see
//! [`crate::bulk_suppressions`]) over every outcome a workspace gives, and the commands that
//! write the file: every front end (the command line and through it the Nuxt gate, the hooks
//! and the Action; the language server) reports the same findings.

use std::path::Path;

use super::Workspace;
use crate::bulk_suppressions::{self, BulkSuppressions, FILE_NAME};
use crate::engine::Outcome;
use crate::finding::Finding;

/// What to record in the file.
#[derive(Debug, Clone, Copy)]
pub enum Record<'a> {
    /// `--suppress-all`: every rule's findings.
    All,
    /// `--suppress-rule`: these rules' (codes).
    Rules(&'a [&'static str]),
    /// `--prune-suppressions`: lower each entry to what remains.
    Prune,
}

impl Workspace {
    /// The project's suppressions file (none when it has none).
    pub(super) fn load_suppressions(root: &Path) -> Result<Option<BulkSuppressions>, String> {
        BulkSuppressions::load(root)
    }

    /// `outcome` with the file applied: the findings it covers moved to `suppressed`, its
    /// stale entries reported. Applying it again gives the same.
    pub(super) fn with_suppressions(&self, mut outcome: Outcome) -> Outcome {
        // Stale entries of a file read before are dropped first: after a prune that empties
        // it there is no file, and none of them stands.
        let file = self.engine.root.join(FILE_NAME);
        let mut all = std::mem::take(&mut outcome.findings);
        all.append(&mut outcome.suppressed);
        all.retain(|f| f.file.as_path() != file);
        let Some(bulk) = &self.bulk else {
            outcome.findings = all;
            return outcome;
        };
        let applied = bulk.apply(all, &outcome.checked, &self.engine.settings);
        outcome.findings = applied.reported;
        outcome.suppressed = applied.suppressed;
        outcome
    }

    /// Writes the file from `outcome` (a run of this workspace) as `what` says, reads it again
    /// and applies it to `outcome`. Returns how many findings it now records.
    pub fn record_suppressions(
        &mut self,
        outcome: &mut Outcome,
        what: Record<'_>,
    ) -> Result<usize, String> {
        let root = self.engine.root.clone();
        let file = root.join(FILE_NAME);
        let all: Vec<&Finding> = outcome
            .findings
            .iter()
            .chain(&outcome.suppressed)
            .filter(|f| f.file.as_path() != file)
            .collect();
        let existing = self.bulk.as_ref().map(|b| &b.counts);
        let counts = match what {
            Record::All => bulk_suppressions::record(&root, existing, &all, &outcome.checked, None),
            Record::Rules(codes) => {
                bulk_suppressions::record(&root, existing, &all, &outcome.checked, Some(codes))
            }
            Record::Prune => match existing {
                Some(existing) => bulk_suppressions::prune(&root, existing, &all, &outcome.checked),
                None => return Ok(0),
            },
        };
        let total = bulk_suppressions::write(&root, &counts)?;
        self.bulk = Self::load_suppressions(&root)?;
        *outcome = self.with_suppressions(std::mem::take(outcome));
        Ok(total)
    }
}
