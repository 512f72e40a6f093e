//! `--fix`, `--unsafe-fixes` and `--diff`: apply the fixes findings carry, per file, until
//! nothing changes; never write a file that would no longer parse, never touch a payload.
//! What a fix does to a text is the core's ([`qalint_linter::fix`]); here files are read,
//! checked again with their own settings, and written.

mod file;
mod write;

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::engine::{Engine, Outcome};
use crate::finding::Fix;

use file::fix_file;
pub use file::{fix_buffer, fix_buffer_with};
pub use qalint_linter::fix::{apply_detailed, FileFix, MAX_ROUNDS};
pub use write::replace_if_unchanged;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Write the fixed files.
    Write,
    /// Only compute them (for `--diff`).
    Preview,
}

/// Fixes every file that has findings with fixes of the allowed applicability. A fix that
/// spans files (a topic's renumbering) is written in all of them or in none; with
/// `named_only`, in none when one of them was not named (a git hook that commits only the
/// files it named must never commit half of a renumbering).
pub fn fix_all(
    engine: &Engine,
    outcome: &Outcome,
    unsafe_fixes: bool,
    mode: Mode,
    named_only: bool,
) -> Vec<FileFix> {
    let allowed = |f: &Fix| f.applies(unsafe_fixes);
    let mut by_file: BTreeMap<Arc<PathBuf>, Vec<Fix>> = BTreeMap::new();
    // The files of each fix that spans several, written together or not at all.
    let mut groups: Vec<Vec<Arc<PathBuf>>> = Vec::new();
    // Every page of a topic out of place carries the same renumbering: apply it once.
    let mut seen: HashSet<Vec<(Arc<PathBuf>, usize, String)>> = HashSet::new();
    // A finding the suppressions file covers is still fixed.
    for f in outcome.findings.iter().chain(&outcome.suppressed) {
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
        if named_only && !unnamed_parts(fix, outcome).is_empty() {
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
            // A file that was not named gets the edits of a fix spanning files (a topic's
            // renumbering) and nothing else: none of its own findings are fixed.
            let rounds = match outcome.named.contains(&path) {
                true => MAX_ROUNDS,
                false => 1,
            };
            let mut fix = fix_file(engine, &path, checked, &refs, &allowed, rounds)?;
            // Never a write outside the project, whatever link led there (a named folder that
            // is a committed link out of it).
            let inside = std::fs::canonicalize(&*path).is_ok_and(|p| p.starts_with(&engine.root));
            if !inside {
                fix.error = Some("it lies outside the project (reached through a link)".into());
            }
            Some(fix)
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

/// The files a fix spanning several would change that were not named.
pub fn unnamed_parts<'a>(fix: &'a Fix, outcome: &Outcome) -> Vec<&'a Arc<PathBuf>> {
    fix.elsewhere
        .iter()
        .map(|(path, _)| path)
        .filter(|path| !outcome.named.contains(*path))
        .collect()
}

/// How many of `outcome`'s findings the fixes in `fixed` fix: each whose fix applies and
/// whose files were all fixed. What the summary before called fixable, so the two agree (a
/// topic's renumbering reported once fixes one problem, in however many files).
pub fn problems_fixed(outcome: &Outcome, fixed: &[FileFix], unsafe_fixes: bool) -> usize {
    let done: HashSet<&Arc<PathBuf>> = fixed
        .iter()
        .filter(|f| f.error.is_none() && f.applied > 0)
        .map(|f| &f.path)
        .collect();
    outcome
        .findings
        .iter()
        .filter(|f| {
            f.fix.as_ref().is_some_and(|x| {
                x.applies(unsafe_fixes)
                    && done.contains(&f.file)
                    && x.elsewhere
                        .iter()
                        .all(|(p, edits)| edits.is_empty() || done.contains(p))
            })
        })
        .count()
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
    use crate::load::FileKind;
    use crate::source::SourceFile;
    use qalint_linter::fix::still_parses;

    #[test]
    fn a_fix_that_does_not_remove_its_finding_stops_the_rounds() {
        let text = "---\nquestions:\n  - id: a\n    a: |\n      ```\n      x\n      ```\n---\n";
        let (_dir, path, engine, fixes) = page(text);
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
        let result =
            fix_file(&engine, &path, None, &[&misplaced], &|_| true, MAX_ROUNDS).expect("a result");
        assert_eq!(
            result.error.as_deref(),
            Some("a fix did not remove the problem it fixes (a qalint bug; please report it); left as it is")
        );
        assert_eq!(result.applied, 1, "one round, not ten");
    }

    /// A page on disk in a fresh project, its engine, and its findings.
    fn page(text: &str) -> (tempfile::TempDir, Arc<PathBuf>, Engine, Vec<Fix>) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = Arc::new(dir.path().join("content/python/basics/x.md"));
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path.as_path(), text).expect("write");
        let engine = Engine {
            schema: crate::schema::PageSchema::embedded().expect("schema"),
            settings: Default::default(),
            config: Default::default(),
            root: dir.path().to_path_buf(),
            keep_digests: false,
            cache: None,
        };
        let src = SourceFile::new(path.as_path(), text.to_string());
        let fixes = engine
            .check_source(src, FileKind::Markdown, true)
            .findings
            .into_iter()
            .filter_map(|f| f.fix.map(|b| *b))
            .collect();
        (dir, path, engine, fixes)
    }

    #[test]
    fn a_fix_that_enables_another_goes_on_to_the_next_round() {
        let text = "---\nquestions:\n  - id: a\n    difficulty: Hard\n  - id: b\n    difficulty: Medium\n---\n";
        let (_dir, path, engine, fixes) = page(text);
        assert_eq!(fixes.len(), 2, "two QA003 fixes");
        // Only the first is given: the second is found again after the first round, and is
        // a different fix, not the first one stuck.
        let result =
            fix_file(&engine, &path, None, &[&fixes[0]], &|_| true, MAX_ROUNDS).expect("fixed");
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
        let (_dir, path, engine, fixes) = page(text);
        let at = text.find("Hard").expect("there");
        let same = Fix {
            edits: vec![Edit {
                range: at..at + 4,
                content: "Hard".into(),
            }],
            ..fixes[0].clone()
        };
        assert!(fix_file(&engine, &path, None, &[&same], &|_| true, MAX_ROUNDS).is_none());
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
