//! A file's fixes from disk, and a buffer's, checked again between rounds with the settings
//! in force for its path.

use std::path::PathBuf;
use std::sync::Arc;

use super::FileFix;
use crate::engine::{digest, Engine, Outcome};
use crate::finding::{Finding, Fix};
use crate::load::FileKind;
use crate::source::SourceFile;
use qalint_linter::fix::fix_text;

/// How the workspace checks a fixed text again: as the file it is.
fn checker(engine: &Engine) -> impl Fn(SourceFile, FileKind) -> crate::file_result::FileResult + Sync + '_ {
    move |src, kind| engine.check_source(src, kind, true)
}

/// Computes the fixed text of one file (nothing is written here).
pub(super) fn fix_file(
    engine: &Engine,
    path: &Arc<PathBuf>,
    checked: Option<u64>,
    first: &[&Fix],
    allowed: &(dyn Fn(&Fix) -> bool + Sync),
    rounds: usize,
) -> Option<FileFix> {
    let kind = FileKind::of(path).unwrap_or(FileKind::Markdown);
    if kind == FileKind::Payload {
        return None; // build output: never modified
    }
    let original = crate::bounded_read::read_text(path).ok()?;
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
    fix_text(&checker(engine), path, kind, original, first, allowed, rounds)
}

/// The fixes of one buffer (standard input): its own edits only, as a topic's renumbering
/// would change files that are not written here. `None` when nothing applies.
pub fn fix_buffer(
    engine: &Engine,
    outcome: &Outcome,
    path: &Arc<PathBuf>,
    text: &str,
    unsafe_fixes: bool,
) -> Option<FileFix> {
    fix_buffer_with(engine, &outcome.findings, path, text, unsafe_fixes)
}

/// [`fix_buffer`] from the buffer's `findings` (the language server keeps them per buffer).
pub fn fix_buffer_with(
    engine: &Engine,
    findings: &[Finding],
    path: &Arc<PathBuf>,
    text: &str,
    unsafe_fixes: bool,
) -> Option<FileFix> {
    qalint_linter::fix::fix_buffer_with(&checker(engine), findings, path, text, unsafe_fixes)
}
