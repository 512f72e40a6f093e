use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;

use super::{display_path, Names, Sources, Style};
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

/// Files rendered in parallel at a time: their output is held, never the whole list's.
const BATCH: usize = 256;

pub fn write(
    findings: &[Finding],
    style: &Style,
    sources: &mut Sources,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    // Written as `to_writer_pretty` writes a list, a batch of files at a time: each file's
    // findings rendered on a worker (reading the file back for its edits' positions), the
    // batch written in order. A finding-heavy tree is neither slow nor held whole.
    if findings.is_empty() {
        return writeln!(out, "[]");
    }
    write!(out, "[")?;
    let files: Vec<&[Finding]> = findings
        .chunk_by(|a, b| std::sync::Arc::ptr_eq(&a.file, &b.file))
        .collect();
    let shared = &*sources;
    let mut first = true;
    for batch in files.chunks(BATCH) {
        let texts: Vec<std::io::Result<String>> = batch
            .par_iter()
            .map(|group| render(group, style, &mut shared.fork()))
            .collect();
        for text in texts {
            out.write_all(if first { b"\n" } else { b",\n" })?;
            out.write_all(text?.as_bytes())?;
            first = false;
        }
    }
    writeln!(out, "\n]")
}

/// The findings of one file, each indented as an item of the list, joined by `,\n`.
fn render(findings: &[Finding], style: &Style, sources: &mut Sources) -> std::io::Result<String> {
    let mut out = String::new();
    let mut names = Names::default();
    for (i, f) in findings.iter().enumerate() {
        let file = names.of(&f.file, &style.cwd).to_string();
        let fix = f.fix.as_ref().map(|fix| JsonFix {
            applicability: fix.applicability,
            message: &fix.message,
            // Each edit names its file: a topic's renumbering edits several.
            edits: std::iter::once((&f.file, &fix.edits))
                .chain(fix.elsewhere.iter().map(|(p, e)| (p, e)))
                .flat_map(|(path, edits)| edits.iter().map(move |e| (path, e)))
                .map(|(path, e)| {
                    let loc = super::edit_location(f, path, e, sources);
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
        if i > 0 {
            out.push_str(",\n");
        }
        for (n, line) in text.lines().enumerate() {
            if n > 0 {
                out.push('\n');
            }
            out.push_str("  ");
            out.push_str(line);
        }
    }
    Ok(out)
}
