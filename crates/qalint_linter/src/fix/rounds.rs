//! One text's fixes: applied, the text checked again, the fixes that check finds applied in
//! turn (up to a number of rounds), and the result re-parsed before anyone writes it.

use std::path::PathBuf;
use std::sync::Arc;

use super::{apply, FileFix, MAX_ROUNDS};
use crate::file_result::FileResult;
use crate::finding::Fix;
use crate::load::{self, FileKind};
use crate::source::SourceFile;
use crate::suppress;

/// How a text is checked again between rounds: with the settings in force for its path (the
/// linter's settings for a file; a detached workspace's own).
pub type Check<'a> = dyn Fn(SourceFile, FileKind) -> FileResult + Sync + 'a;

/// The fixes of one buffer from its `findings`: its own edits only, as a topic's renumbering
/// would change files that are not written here; `None` when nothing applies. The one path
/// standard input, the editor's fix-all and the playground share with the files' `--fix`.
pub fn fix_buffer_with(
    check: &Check<'_>,
    findings: &[crate::finding::Finding],
    path: &Arc<PathBuf>,
    text: &str,
    unsafe_fixes: bool,
) -> Option<FileFix> {
    let allowed = |f: &Fix| f.applies(unsafe_fixes);
    let fixes: Vec<&Fix> = findings
        .iter()
        .filter(|f| &f.file == path)
        .filter_map(|f| f.fix.as_deref())
        .filter(|f| allowed(f) && f.elsewhere.is_empty())
        .collect();
    let kind = FileKind::of(path).unwrap_or(FileKind::Markdown);
    if fixes.is_empty() || kind == FileKind::Payload {
        return None;
    }
    fix_text(
        check,
        path,
        kind,
        text.to_string(),
        &fixes,
        &allowed,
        MAX_ROUNDS,
    )
}

/// Applies `first` to `original`, re-checking after each round (up to `rounds`) for the fixes
/// it enables.
pub fn fix_text(
    check: &Check<'_>,
    path: &Arc<PathBuf>,
    kind: FileKind,
    original: String,
    first: &[&Fix],
    allowed: &(dyn Fn(&Fix) -> bool + Sync),
    rounds: usize,
) -> Option<FileFix> {
    let mut text = original.clone();
    let mut applied = 0;
    let mut fixes: Vec<Fix> = first.iter().map(|f| (*f).clone()).collect();
    let mut stuck = false;
    for round in 0..rounds {
        let refs: Vec<&Fix> = fixes.iter().collect();
        let (next, n) = apply(&text, &refs);
        if n == 0 || next == text {
            break;
        }
        text = next;
        applied += n;
        if round + 1 == rounds {
            break;
        }
        let before = fix_keys(&fixes);
        // Re-check the new text: a fix may reveal or enable another.
        let mut result = check(SourceFile::new(path.as_path(), text.clone()), kind);
        // A silenced finding is not fixed either.
        if let Some(s) = result.suppressions.take() {
            suppress::apply(&mut result.findings, &mut [s]);
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
pub fn still_parses(original: &str, fixed: &str, path: &Arc<PathBuf>, kind: FileKind) -> bool {
    let count = |t: &str| {
        load::load_pages(kind, &SourceFile::new(path.as_path(), t.to_string())).map(|p| p.len())
    };
    matches!((count(original), count(fixed)), (Ok(a), Ok(b)) if a == b)
}
