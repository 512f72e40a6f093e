use std::io::Write;

use serde::Serialize;

use super::{display_path, Sources, Style};
use crate::finding::{Applicability, Finding};

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'a str,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    fix: Option<JsonFix<'a>>,
    /// A payload finding's source page, when the project has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    built_from: Option<String>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    applicability: Applicability,
    message: &'a str,
    edits: Vec<JsonEdit<'a>>,
}

#[derive(Serialize)]
struct JsonEdit<'a> {
    file: String,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    content: &'a str,
}

pub fn write(
    findings: &[Finding],
    style: &Style,
    sources: &mut Sources,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    // Written one finding at a time, as `to_writer_pretty` writes a list: the output of a
    // finding-heavy tree is never held whole.
    if findings.is_empty() {
        return writeln!(out, "[]");
    }
    writeln!(out, "[")?;
    for (i, f) in findings.iter().enumerate() {
        let file = display_path(&f.file, &style.cwd);
        let fix = f.fix.as_ref().map(|fix| JsonFix {
            applicability: fix.applicability,
            message: &fix.message,
            // Each edit names its file: a topic's renumbering edits several.
            edits: std::iter::once((&f.file, &fix.edits))
                .chain(fix.elsewhere.iter().map(|(p, e)| (p, e)))
                .flat_map(|(path, edits)| edits.iter().map(move |e| (path, e)))
                .map(|(path, e)| {
                    let loc = sources
                        .get(path)
                        .map(|s| s.location(e.range.clone()))
                        .unwrap_or_default();
                    JsonEdit {
                        file: display_path(path, &style.cwd),
                        line: loc.start.line,
                        column: loc.start.column,
                        end_line: loc.end.line,
                        end_column: loc.end.column,
                        content: &e.content,
                    }
                })
                .collect(),
        });
        let item = JsonFinding {
            code: f.rule.code,
            rule: f.rule.name,
            severity: f.severity.as_str(),
            message: &f.message,
            file,
            line: f.location.start.line,
            column: f.location.start.column,
            end_line: f.location.end.line,
            end_column: f.location.end.column,
            fix,
            built_from: f.origin.as_ref().map(|o| display_path(o, &style.cwd)),
        };
        let text = serde_json::to_string_pretty(&item).map_err(std::io::Error::other)?;
        for (n, line) in text.lines().enumerate() {
            if n > 0 {
                writeln!(out)?;
            }
            write!(out, "  {line}")?;
        }
        writeln!(out, "{}", if i + 1 < findings.len() { "," } else { "" })?;
    }
    writeln!(out, "]")
}
