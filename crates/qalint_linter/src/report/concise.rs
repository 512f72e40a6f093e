//! `path:line:col: CODE [rule] message`, one line a finding (ruff's and gcc's shape, which
//! editors and CI problem matchers read). A warning says so (`warning: `), as gcc does; a
//! finding `--fix` would fix carries ruff's `[*]`. With colour, the level and `[*]` stand out.

use std::io::Write;

use super::{built_from, printable, Names, Style};
use crate::finding::{Finding, Severity};

/// The [`Emitter`](super::Emitter) of `--format concise`: one line a finding.
pub struct Concise;

impl super::Emitter for Concise {
    fn emit(
        &self,
        findings: &[Finding],
        style: &Style,
        _sources: &mut super::Sources,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        write(findings, style, out)
    }
}

const BOLD: &str = "\x1b[1m";
const RED: &str = "\x1b[1;31m";
const YELLOW: &str = "\x1b[1;33m";
const CYAN: &str = "\x1b[36m";
const RESET: &str = "\x1b[0m";

fn write(findings: &[Finding], style: &Style, out: &mut dyn Write) -> std::io::Result<()> {
    let mut names = Names::default();
    let paint = |color: &'static str| if style.color { color } else { "" };
    let reset = paint(RESET);
    for f in findings {
        let warning = f.severity == Severity::Warning;
        let level = match warning {
            true => format!("{}warning:{reset} ", paint(YELLOW)),
            false => String::new(),
        };
        let fixable = f
            .fix
            .as_ref()
            .is_some_and(|x| x.applies(style.unsafe_fixes));
        let mark = match fixable {
            true => format!(" {}[*]{reset}", paint(CYAN)),
            false => String::new(),
        };
        writeln!(
            out,
            "{}{}:{}:{}:{reset} {level}{}{}{reset} [{}]{mark} {}{}",
            paint(BOLD),
            printable(names.of(&f.file, &style.cwd), false),
            f.location.start.line,
            f.location.start.column,
            paint(if warning { YELLOW } else { RED }),
            f.rule.code,
            f.rule.name,
            printable(&f.message, false),
            printable(&built_from(f, &style.cwd), false)
        )?;
    }
    Ok(())
}
