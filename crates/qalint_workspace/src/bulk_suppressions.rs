//! Bulk suppressions, ESLint's way: `qalint-suppressions.json` at the project root records,
//! per file (relative to the root, `/`-separated) and rule code, how many findings a site had
//! when it adopted qalint. A run reports a rule's findings in a file only when there are more
//! than recorded, and then all of them (which one is new cannot be told), as ESLint does. An
//! entry that records more than remain is stale: reported (unused-suppression, QA100) until
//! `--prune-suppressions` lowers it, so a fixed page cannot quietly get its problems back.
//! A file qalint cannot read (QA000) and the suppression rule's own findings are never
//! recorded.
//!
//! The file is sorted (files, then rules) and written atomically, so it diffs well in review.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, ALWAYS_ON};
use crate::rules;
use crate::settings::Settings;
use crate::source::SourceFile;

/// The file's name, at the project root.
pub const FILE_NAME: &str = "qalint-suppressions.json";

/// What the file holds: file → rule code → count.
#[derive(Debug, Default, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts(pub BTreeMap<String, BTreeMap<String, Entry>>);

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    pub count: usize,
}

/// A project's suppressions file, read.
#[derive(Debug, Clone)]
pub struct BulkSuppressions {
    root: PathBuf,
    text: String,
    pub counts: Counts,
}

/// What applying the file to a run's findings gives.
#[derive(Debug, Default)]
pub struct Applied {
    /// What is reported: the findings beyond the recorded counts, and the stale entries.
    pub reported: Vec<Finding>,
    /// What the file suppressed (still fixable).
    pub suppressed: Vec<Finding>,
}

/// Whether a finding of `code` may be recorded.
fn recordable(code: &str) -> bool {
    code != ALWAYS_ON && rules::suppressible(code)
}

/// `file` relative to `root`, `/`-separated; `None` outside the root.
fn key(root: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(root).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    Some(parts.join("/"))
}

/// The current findings counted by file key and code (recordable ones only).
fn current(root: &Path, findings: &[&Finding]) -> Counts {
    let mut counts = Counts::default();
    for f in findings.iter().filter(|f| recordable(f.rule.code)) {
        let Some(k) = key(root, &f.file) else {
            continue;
        };
        let entry = counts.0.entry(k).or_default();
        entry
            .entry(f.rule.code.to_string())
            .or_insert(Entry { count: 0 })
            .count += 1;
    }
    counts
}

impl BulkSuppressions {
    /// The project's file, if it has one. A file that is not what qalint writes is an error:
    /// a gate does not guess what it was meant to suppress.
    pub fn load(root: &Path) -> Result<Option<Self>, String> {
        let path = root.join(FILE_NAME);
        let text = match crate::bounded_read::read_to_string(&path) {
            Ok(text) => text,
            Err(_) if !path.exists() => return Ok(None),
            Err(e) => return Err(format!("{FILE_NAME}: {e}")),
        };
        let counts: Counts = serde_json::from_str(&text).map_err(|e| {
            format!("{FILE_NAME}: {e} (it maps each file to rule codes and counts: {{\"content/a.md\": {{\"QA001\": {{\"count\": 2}}}}}}; `qalint --suppress-all` writes it)")
        })?;
        for (file, rules) in &counts.0 {
            // Only what qalint writes: a path inside the project, printable.
            let outside = Path::new(file).is_absolute()
                || file.split('/').any(|part| part == ".." || part.is_empty());
            if outside || file.chars().any(char::is_control) {
                return Err(format!(
                    "{FILE_NAME}: {} is not a path inside the project (relative, `/`-separated)",
                    serde_json::Value::String(file.clone())
                ));
            }
            if let Some(code) = rules.keys().find(|c| rules::find(c).is_none()) {
                return Err(format!(
                    "{FILE_NAME}: `{code}` is not a rule code (see --list-rules)"
                ));
            }
        }
        Ok(Some(BulkSuppressions {
            root: root.to_path_buf(),
            text,
            counts,
        }))
    }

    /// Splits `findings` into what is reported and what the file suppresses, and reports each
    /// stale entry of the files `checked` (and of files that are gone) per `settings`.
    pub fn apply(
        &self,
        findings: Vec<Finding>,
        checked: &[Arc<PathBuf>],
        settings: &Settings,
    ) -> Applied {
        let found = current(&self.root, &findings.iter().collect::<Vec<_>>());
        let covered = |f: &Finding| {
            let Some(k) = key(&self.root, &f.file) else {
                return false;
            };
            let recorded = self.recorded(&k, f.rule.code);
            let now = found
                .0
                .get(&k)
                .and_then(|r| r.get(f.rule.code))
                .map_or(0, |e| e.count);
            recordable(f.rule.code) && recorded > 0 && now <= recorded
        };
        let (suppressed, mut reported): (Vec<Finding>, Vec<Finding>) =
            findings.into_iter().partition(|f| covered(f));
        reported.extend(self.stale(&found, checked, settings));
        reported.sort_by(Finding::output_order);
        Applied {
            reported,
            suppressed,
        }
    }

    fn recorded(&self, key: &str, code: &str) -> usize {
        self.counts
            .0
            .get(key)
            .and_then(|r| r.get(code))
            .map_or(0, |e| e.count)
    }

    /// An unused-suppression finding at each entry that records more than `found` has, for
    /// the files `checked` and the files no longer there.
    fn stale(&self, found: &Counts, checked: &[Arc<PathBuf>], settings: &Settings) -> Vec<Finding> {
        let Some(meta) = rules::find("QA100").map(|r| r.meta()) else {
            return Vec::new();
        };
        if !settings.rules.enabled(meta) {
            return Vec::new();
        }
        let checked: std::collections::HashSet<String> =
            checked.iter().filter_map(|p| key(&self.root, p)).collect();
        let file = Arc::new(self.root.join(FILE_NAME));
        let src = SourceFile::new(file.as_path(), self.text.clone());
        let mut out = Vec::new();
        for (k, rules) in &self.counts.0 {
            let gone = !self.root.join(k).exists();
            if !gone && !checked.contains(k) {
                continue;
            }
            for (code, entry) in rules {
                let now = found
                    .0
                    .get(k)
                    .and_then(|r| r.get(code))
                    .map_or(0, |e| e.count);
                if now >= entry.count {
                    continue;
                }
                let remain = match (gone, now) {
                    (true, _) => "the file is gone".to_string(),
                    (false, 0) => "none remains".to_string(),
                    (false, n) => format!("{n} remain{}", if n == 1 { "s" } else { "" }),
                };
                let message = format!(
                    "{FILE_NAME} suppresses {} {code} finding{} in {k}; {remain}",
                    entry.count,
                    if entry.count == 1 { "" } else { "s" }
                );
                let at = self.entry_range(k, code);
                out.push(Finding {
                    rule: meta.id,
                    severity: settings.rules.severity(meta).unwrap_or(meta.severity),
                    message: message.into(),
                    file: file.clone(),
                    location: src.location(at),
                    help: Some(
                        "run `qalint --prune-suppressions` to record what remains, so it cannot grow back"
                            .into(),
                    ),
                    labels: Vec::new(),
                    fix: None,
                    pointer: None,
                    origin: None,
                });
            }
        }
        out
    }

    /// Where the entry for `code` under `file` is written (its code, quoted), else the file's key.
    fn entry_range(&self, file: &str, code: &str) -> std::ops::Range<usize> {
        let quoted = serde_json::Value::String(file.to_string()).to_string();
        let Some(at) = self.text.find(&quoted) else {
            return 0..0;
        };
        let code_quoted = format!("\"{code}\"");
        match self.text[at..].find(&code_quoted) {
            Some(c) => at + c..at + c + code_quoted.len(),
            None => at..at + quoted.len(),
        }
    }
}

/// What `--suppress-all` (`rules: None`) or `--suppress-rule` records: the current counts of
/// those rules in the files `checked`, over what `existing` records for other files and rules.
pub fn record(
    root: &Path,
    existing: Option<&Counts>,
    findings: &[&Finding],
    checked: &[Arc<PathBuf>],
    rules: Option<&[&str]>,
) -> Counts {
    let now = current(root, findings);
    let mut out = existing.cloned().unwrap_or_default();
    let picked = |code: &str| rules.is_none_or(|r| r.contains(&code));
    for k in checked.iter().filter_map(|p| key(root, p)) {
        if let Some(entry) = out.0.get_mut(&k) {
            entry.retain(|code, _| !picked(code));
        }
        for (code, e) in now.0.get(&k).into_iter().flatten() {
            if picked(code) {
                out.0.entry(k.clone()).or_default().insert(code.clone(), *e);
            }
        }
    }
    out.0.retain(|_, rules| !rules.is_empty());
    out
}

/// What `--prune-suppressions` leaves: each entry of the files `checked` lowered to what
/// remains, and no entry of a file that is gone.
pub fn prune(
    root: &Path,
    existing: &Counts,
    findings: &[&Finding],
    checked: &[Arc<PathBuf>],
) -> Counts {
    let now = current(root, findings);
    let checked: std::collections::HashSet<String> =
        checked.iter().filter_map(|p| key(root, p)).collect();
    let mut out = existing.clone();
    out.0.retain(|k, _| root.join(k).exists());
    for (k, rules) in out.0.iter_mut().filter(|(k, _)| checked.contains(*k)) {
        for (code, e) in rules.iter_mut() {
            let remain = now
                .0
                .get(k)
                .and_then(|r| r.get(code))
                .map_or(0, |n| n.count);
            e.count = e.count.min(remain);
        }
        rules.retain(|_, e| e.count > 0);
    }
    out.0.retain(|_, rules| !rules.is_empty());
    out
}

/// Writes `counts` to the project's file atomically (never through a link), or removes the
/// file when nothing is left. Returns the number of findings it records.
pub fn write(root: &Path, counts: &Counts) -> Result<usize, String> {
    use std::io::Write;
    let path = root.join(FILE_NAME);
    if path
        .symlink_metadata()
        .is_ok_and(|m| m.file_type().is_symlink())
    {
        return Err(format!(
            "{FILE_NAME} is a symbolic link: qalint does not write through it"
        ));
    }
    let total = counts
        .0
        .values()
        .flat_map(|r| r.values())
        .map(|e| e.count)
        .sum();
    if counts.0.is_empty() {
        return match std::fs::remove_file(&path) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(format!("{FILE_NAME}: {e}")),
            _ => Ok(0),
        };
    }
    let mut text = serde_json::to_string_pretty(counts).map_err(|e| e.to_string())?;
    text.push('\n');
    let mut tmp = tempfile::Builder::new()
        .prefix(".qalint-suppressions-")
        .tempfile_in(root)
        .map_err(|e| format!("{FILE_NAME}: cannot create a temporary file: {e}"))?;
    tmp.write_all(text.as_bytes())
        .map_err(|e| format!("{FILE_NAME}: {e}"))?;
    tmp.persist(&path)
        .map_err(|e| format!("{FILE_NAME}: {}", e.error))?;
    Ok(total)
}
