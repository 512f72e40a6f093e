//! GitHub Actions workflow commands, escaped exactly as `@actions/core` escapes them, so the
//! findings show as annotations on the pull request.

use std::io::Write;

use super::{built_from, display_path, printable, Style};
use crate::finding::{Finding, Severity};

/// `%`, CR and LF, as `escapeData` in `@actions/core`.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Also `:` and `,`, as `escapeProperty` in `@actions/core`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The values of one annotation.
pub struct Annotation<'a> {
    pub severity: Severity,
    pub title: &'a str,
    pub file: &'a str,
    pub line: usize,
    pub end_line: usize,
    pub column: usize,
    pub end_column: usize,
    pub message: &'a str,
}

/// The [`Emitter`](super::Emitter) of `--format github`: GitHub Actions annotations.
pub struct Github;

impl super::Emitter for Github {
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

impl Annotation<'_> {
    /// One workflow command line (without the line break).
    pub fn command(&self) -> String {
        let command = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        // The order `@actions/core` writes them in; like it, empty values are left out.
        let props = [
            ("title", self.title.to_string()),
            ("file", self.file.to_string()),
            ("line", self.line.to_string()),
            ("endLine", self.end_line.to_string()),
            ("col", self.column.to_string()),
            ("endColumn", self.end_column.to_string()),
        ];
        let props: Vec<String> = props
            .iter()
            .filter(|(_, v)| !v.is_empty() && v != "0")
            .map(|(k, v)| format!("{k}={}", escape_property(v)))
            .collect();
        format!(
            "::{command} {}::{}",
            props.join(","),
            escape_data(self.message)
        )
    }
}

fn write(findings: &[Finding], style: &Style, out: &mut dyn Write) -> std::io::Result<()> {
    for f in findings {
        let l = &f.location;
        let message = format!("{}{}", f.message, built_from(f, &style.cwd));
        // A name with an escape sequence is shown escaped, never raw, as in every format.
        let file = printable(&display_path(&f.file, &style.cwd), false).into_owned();
        let annotation = Annotation {
            severity: f.severity,
            title: &format!("{} ({})", f.rule.code, f.rule.name),
            file: &file,
            line: l.start.line,
            end_line: l.end.line,
            column: l.start.column,
            end_column: l.end.column,
            // Line breaks are the annotation's own (%0A); an escape sequence is not shown raw.
            message: &printable(&message, true),
        };
        writeln!(out, "{}", annotation.command())?;
    }
    Ok(())
}
