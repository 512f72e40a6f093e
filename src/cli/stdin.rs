//! Standard input (`-`), as an editor sends an unsaved buffer: linted as the file it names
//! (`--stdin-filename`) with the project's other pages on disk; with `--fix` the fixed text
//! goes to standard output and the findings that remain to standard error (ruff's habit, so
//! an editor can fix on save); with `--diff`, the diff.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;

use super::args::Args;
use super::output::Output;
use super::{would_fix, EXIT_FINDINGS, EXIT_OK};
use qalint_workspace::report;
use qalint_workspace::source::SourceFile;
use qalint_workspace::workspace::{self, absolute, Workspace};

pub fn run(args: &Args, ws: &Workspace, name: &Path, out: &Output) -> Result<i32, String> {
    let bytes = qalint_workspace::bounded_read::read_limited(std::io::stdin().lock())
        .map_err(|e| format!("cannot read standard input: {}", e.0))?;
    let text = String::from_utf8(bytes)
        .map_err(|_| "cannot read standard input: not valid UTF-8".to_string())?;
    let path = Arc::new(absolute(name));
    let mut outcome = ws.check_text(&path, text.clone())?;
    out.settings_warnings(ws);
    let mut sources = report::sources();
    if !(args.fix || args.diff) {
        sources.insert(SourceFile::new(path.as_path(), text));
        out.findings(&outcome.findings, &mut sources, false)?;
        out.summary(&outcome);
        return Ok(out.exit_code(&outcome.findings));
    }
    let fixed = ws.fix_buffer(&outcome, &path, &text, args.unsafe_fixes);
    if let Some(error) = fixed.as_ref().and_then(|f| f.error.as_ref()) {
        return Err(format!("{} cannot be fixed: {error}", out.name(&path)));
    }
    let applied = fixed.as_ref().map_or(0, |f| f.applied);
    let mut stdout = std::io::stdout().lock();
    let io = |e: std::io::Error| e.to_string();
    if args.diff {
        if let Some(f) = &fixed {
            stdout
                .write_all(workspace::unified_diff(f, &out.name(&path)).as_bytes())
                .map_err(io)?;
        }
        out.note(&would_fix(
            applied,
            super::unsafe_left(&outcome, args.unsafe_fixes),
        ));
        return Ok(if applied > 0 { EXIT_FINDINGS } else { EXIT_OK });
    }
    // Standard output is the buffer's new text, always whole (an editor replaces the
    // buffer with it): what remains is reported on standard error.
    let new_text = fixed.map_or(text, |f| f.fixed);
    stdout.write_all(new_text.as_bytes()).map_err(io)?;
    drop(stdout);
    if applied > 0 {
        out.note(&format!(
            "Fixed {applied} problem{}.",
            super::plural(applied)
        ));
        outcome = ws.check_text(&path, new_text.clone())?;
    }
    sources.insert(SourceFile::new(path.as_path(), new_text));
    out.findings(&outcome.findings, &mut sources, true)?;
    out.summary(&outcome);
    Ok(out.exit_code(&outcome.findings))
}
