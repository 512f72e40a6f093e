//! `--fix`, `--unsafe-fixes` and `--diff`: apply the fixes findings carry, per file, until
//! nothing changes; never write a file that would no longer parse, never touch a payload.

mod edits;
mod write;

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::engine::{digest, Linter, Outcome};
use crate::finding::Fix;
use crate::load::{self, FileKind};
use crate::source::SourceFile;
use crate::suppress;

pub use edits::{apply, apply_detailed};
pub use write::replace_if_unchanged;

/// A file is fixed again after each round, at most this many times.
pub const MAX_ROUNDS: usize = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write the fixed files.
    Write,
    /// Only compute them (for `--diff`).
    Preview,
}

/// What fixing one file did.
#[derive(Debug)]
pub struct FileFix {
    pub path: Arc<PathBuf>,
    pub original: String,
    pub fixed: String,
    pub applied: usize,
    /// Why the file was not written, when it was not.
    pub error: Option<String>,
}

/// Fixes every file that has findings with fixes of the allowed applicability. A fix that
/// spans files (a topic's renumbering) is written in all of them or in none.
pub fn fix_all(linter: &Linter, outcome: &Outcome, unsafe_fixes: bool, mode: Mode) -> Vec<FileFix> {
    let allowed = |f: &Fix| f.applies(unsafe_fixes);
    let mut by_file: BTreeMap<Arc<PathBuf>, Vec<Fix>> = BTreeMap::new();
    // The files of each fix that spans several, written together or not at all.
    let mut groups: Vec<Vec<Arc<PathBuf>>> = Vec::new();
    // Every page of a topic out of place carries the same renumbering: apply it once.
    let mut seen: HashSet<Vec<(Arc<PathBuf>, usize, String)>> = HashSet::new();
    for f in &outcome.findings {
        let Some(fix) = f.fix.as_ref().filter(|x| allowed(x)) else {
            continue;
        };
        if fix.elsewhere.is_empty() {
            by_file
                .entry(f.file.clone())
                .or_default()
                .push(Fix::clone(fix));
            continue;
        }
        let mut parts = vec![(f.file.clone(), fix.edits.clone())];
        parts.extend(fix.elsewhere.iter().cloned());
        parts.retain(|(_, edits)| !edits.is_empty());
        parts.sort_by(|a, b| a.0.cmp(&b.0));
        let key = parts
            .iter()
            .flat_map(|(p, edits)| {
                edits
                    .iter()
                    .map(move |e| (p.clone(), e.range.start, e.content.clone()))
            })
            .collect();
        if !seen.insert(key) {
            continue;
        }
        groups.push(parts.iter().map(|(p, _)| p.clone()).collect());
        for (path, edits) in parts {
            by_file.entry(path).or_default().push(Fix {
                applicability: fix.applicability,
                message: fix.message.clone(),
                edits,
                elsewhere: Vec::new(),
            });
        }
    }
    let mut fixed: Vec<FileFix> = by_file
        .into_par_iter()
        .filter_map(|(path, fixes)| {
            let checked = outcome.digests.get(&path).copied();
            let refs: Vec<&Fix> = fixes.iter().collect();
            fix_file(linter, &path, checked, &refs, &allowed)
        })
        .collect();
    for group in &groups {
        let blocked: Vec<&Arc<PathBuf>> = group
            .iter()
            .filter(|p| !fixed.iter().any(|f| &f.path == *p && f.error.is_none()))
            .collect();
        if blocked.is_empty() {
            continue;
        }
        let names: Vec<String> = blocked.iter().map(|p| p.display().to_string()).collect();
        let why = format!(
            "its topic's renumbering also changes {}, which cannot be fixed; left as it is",
            names.join(", ")
        );
        for f in fixed
            .iter_mut()
            .filter(|f| group.contains(&f.path) && f.error.is_none())
        {
            f.error = Some(why.clone());
        }
    }
    if mode == Mode::Write {
        fixed
            .par_iter_mut()
            .filter(|f| f.error.is_none())
            .for_each(|f| f.error = replace_if_unchanged(&f.path, &f.original, &f.fixed).err());
    }
    fixed
}

/// Computes the fixed text of one file (nothing is written here).
fn fix_file(
    linter: &Linter,
    path: &Arc<PathBuf>,
    checked: Option<u64>,
    first: &[&Fix],
    allowed: &(dyn Fn(&Fix) -> bool + Sync),
) -> Option<FileFix> {
    let kind = FileKind::of(path).unwrap_or(FileKind::Markdown);
    if kind == FileKind::Payload {
        return None; // build output: never modified
    }
    let original = load::read_text(path).ok()?;
    if checked.is_some_and(|d| d != digest(&original)) {
        // The findings' byte ranges describe another text: applying them would corrupt it.
        let error = Some("it changed on disk since it was checked; left as it is".to_string());
        return Some(FileFix {
            path: path.clone(),
            fixed: original.clone(),
            original,
            applied: 0,
            error,
        });
    }
    fix_text(linter, path, kind, original, first, allowed)
}

/// The fixes of one buffer (standard input): its own edits only, as a topic's renumbering
/// would change files that are not written here. `None` when nothing applies.
pub fn fix_buffer(
    linter: &Linter,
    outcome: &Outcome,
    path: &Arc<PathBuf>,
    text: &str,
    unsafe_fixes: bool,
) -> Option<FileFix> {
    let allowed = |f: &Fix| f.applies(unsafe_fixes);
    let fixes: Vec<&Fix> = outcome
        .findings
        .iter()
        .filter(|f| &f.file == path)
        .filter_map(|f| f.fix.as_deref())
        .filter(|f| allowed(f) && f.elsewhere.is_empty())
        .collect();
    let kind = FileKind::of(path).unwrap_or(FileKind::Markdown);
    if fixes.is_empty() || kind == FileKind::Payload {
        return None;
    }
    fix_text(linter, path, kind, text.to_string(), &fixes, &allowed)
}

/// Applies `first` to `original`, re-checking after each round for the fixes it enables.
fn fix_text(
    linter: &Linter,
    path: &Arc<PathBuf>,
    kind: FileKind,
    original: String,
    first: &[&Fix],
    allowed: &(dyn Fn(&Fix) -> bool + Sync),
) -> Option<FileFix> {
    let mut text = original.clone();
    let mut applied = 0;
    let mut fixes: Vec<Fix> = first.iter().map(|f| (*f).clone()).collect();
    let mut stuck = false;
    for _ in 0..MAX_ROUNDS {
        let refs: Vec<&Fix> = fixes.iter().collect();
        let (next, n) = apply(&text, &refs);
        if n == 0 || next == text {
            break;
        }
        text = next;
        applied += n;
        let before = fix_keys(&fixes);
        // Re-check the new text: a fix may reveal or enable another.
        let mut result =
            linter.check_text(SourceFile::new(path.as_path(), text.clone()), kind, true);
        // A silenced finding is not fixed either.
        if let Some(s) = result.suppressions.take() {
            suppress::apply(&mut result.findings, &mut [s], false);
        }
        fixes = result
            .findings
            .into_iter()
            .filter_map(|f| f.fix.map(|b| *b))
            .filter(|f| allowed(f) && f.elsewhere.is_empty())
            .collect();
        // The same fixes again: the edits did not remove what they were meant to fix (they
        // landed beside their string). Stop rather than write them once per round.
        if !fixes.is_empty() && fix_keys(&fixes) == before {
            stuck = true;
            break;
        }
    }
    if applied == 0 {
        return None;
    }
    let error = if stuck {
        Some(
            "a fix did not remove the problem it fixes (a qalint bug; please report it); left as it is"
                .to_string(),
        )
    } else {
        (!still_parses(&original, &text, path, kind)).then(|| {
            "the fixed text would no longer parse (a qalint bug; please report it); left as it is"
                .to_string()
        })
    };
    Some(FileFix {
        path: path.clone(),
        original,
        fixed: text,
        applied,
        error,
    })
}

/// What tells fixes apart from round to round (their byte ranges move as the text changes).
fn fix_keys(fixes: &[Fix]) -> Vec<(String, Vec<String>)> {
    let mut keys: Vec<(String, Vec<String>)> = fixes
        .iter()
        .map(|f| {
            let edits = f.edits.iter().map(|e| e.content.clone()).collect();
            (f.message.clone(), edits)
        })
        .collect();
    keys.sort();
    keys
}

/// The fixed text loads as many pages as the original did.
fn still_parses(original: &str, fixed: &str, path: &Arc<PathBuf>, kind: FileKind) -> bool {
    let count = |t: &str| {
        load::load_pages(kind, &SourceFile::new(path.as_path(), t.to_string())).map(|p| p.len())
    };
    matches!((count(original), count(fixed)), (Ok(a), Ok(b)) if a == b)
}

/// The fixes as a unified diff, with paths as the user sees them.
pub fn unified_diff(fix: &FileFix, name: &str) -> String {
    similar::TextDiff::from_lines(&fix.original, &fix.fixed)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Edit;

    #[test]
    fn a_fix_that_does_not_remove_its_finding_stops_the_rounds() {
        let text = "---\nquestions:\n  - id: a\n    a: |\n      ```\n      x\n      ```\n---\n";
        let (_dir, path, linter, fixes) = page(text);
        let real = fixes.first().cloned().expect("QA007 has a fix");
        // The same fix, landing beside the fence (in the id) as the tag bug did.
        let id_end = text.find("id: a").expect("id") + 5;
        let misplaced = Fix {
            edits: vec![Edit {
                range: id_end..id_end,
                content: real.edits[0].content.clone(),
            }],
            ..real
        };
        let result = fix_file(&linter, &path, None, &[&misplaced], &|_| true).expect("a result");
        assert_eq!(
            result.error.as_deref(),
            Some("a fix did not remove the problem it fixes (a qalint bug; please report it); left as it is")
        );
        assert_eq!(result.applied, 1, "one round, not ten");
    }

    /// A page on disk in a fresh project, its linter, and its findings.
    fn page(text: &str) -> (tempfile::TempDir, Arc<PathBuf>, Linter, Vec<Fix>) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = Arc::new(dir.path().join("content/python/basics/x.md"));
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path.as_path(), text).expect("write");
        let linter = Linter {
            schema: crate::schema::PageSchema::embedded().expect("schema"),
            settings: Default::default(),
            config: Default::default(),
            root: dir.path().to_path_buf(),
            keep_digests: false,
            cache: None,
        };
        let src = SourceFile::new(path.as_path(), text.to_string());
        let fixes = linter
            .check_text(src, FileKind::Markdown, true)
            .findings
            .into_iter()
            .filter_map(|f| f.fix.map(|b| *b))
            .collect();
        (dir, path, linter, fixes)
    }

    #[test]
    fn a_fix_that_enables_another_goes_on_to_the_next_round() {
        let text = "---\nquestions:\n  - id: a\n    difficulty: Hard\n  - id: b\n    difficulty: Medium\n---\n";
        let (_dir, path, linter, fixes) = page(text);
        assert_eq!(fixes.len(), 2, "two QA003 fixes");
        // Only the first is given: the second is found again after the first round, and is
        // a different fix, not the first one stuck.
        let result = fix_file(&linter, &path, None, &[&fixes[0]], &|_| true).expect("fixed");
        assert_eq!(result.error, None);
        assert_eq!(result.applied, 2);
        assert_eq!(
            result.fixed,
            "---\nquestions:\n  - id: a\n    difficulty: hard\n  - id: b\n    difficulty: medium\n---\n"
        );
    }

    #[test]
    fn a_fix_that_changes_nothing_is_not_counted() {
        let text = "---\nquestions:\n  - id: a\n    difficulty: Hard\n---\n";
        let (_dir, path, linter, fixes) = page(text);
        let at = text.find("Hard").expect("there");
        let same = Fix {
            edits: vec![Edit {
                range: at..at + 4,
                content: "Hard".into(),
            }],
            ..fixes[0].clone()
        };
        assert!(fix_file(&linter, &path, None, &[&same], &|_| true).is_none());
    }

    #[test]
    fn a_fix_that_breaks_the_yaml_is_caught() {
        let path = Arc::new(PathBuf::from("content/a/b/c.md"));
        let original = "---\ntitle: x\n---\n";
        assert!(still_parses(
            original,
            "---\ntitle: y\n---\n",
            &path,
            FileKind::Markdown
        ));
        assert!(!still_parses(
            original,
            "---\ntitle: [y\n---\n",
            &path,
            FileKind::Markdown
        ));
        assert!(!still_parses(
            original,
            "---\ntitle: y\n",
            &path,
            FileKind::Markdown
        ));
    }
}
