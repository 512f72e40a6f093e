//! `--format json`: a pretty list of findings, one object each, with the fix's edits.
//!
//! The list is written by hand in the exact layout of `serde_json::to_writer_pretty` over the
//! `Json*` structs below (a test holds the two to the same bytes): a finding-heavy tree has
//! tens of megabytes of it, and serde's pretty printer spent most of its time on indentation.

use std::borrow::Cow;
use std::io::Write;

use rayon::prelude::*;
use serde::Serialize;

use super::{display_path, Sources, Style};
use crate::finding::{Applicability, Finding};

#[derive(Serialize)]
struct JsonFinding<'a> {
    code: &'a str,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    /// What to do about it, as the other formats print it (a did-you-mean, the allowed keys).
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    file: &'a str,
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
    file: Cow<'a, str>,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    content: &'a str,
}

/// The [`Emitter`](super::Emitter) of `--format json`: a JSON array.
pub struct Json;

impl super::Emitter for Json {
    fn emit(
        &self,
        findings: &[Finding],
        style: &Style,
        sources: &mut super::Sources,
        out: &mut dyn Write,
    ) -> std::io::Result<()> {
        write(findings, style, sources, out)
    }
}

/// Files rendered in parallel at a time: their output is held, never the whole list's.
const BATCH: usize = 256;

fn write(
    findings: &[Finding],
    style: &Style,
    sources: &mut Sources,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    // A batch of files at a time: each file's findings rendered on a worker (reading the
    // file back for its edits' positions), the batch written in order. A finding-heavy tree
    // is neither slow nor held whole.
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
        let texts: Vec<Vec<u8>> = batch
            .par_iter()
            // One `Sources` a run of neighbouring files: a topic's pages come together, and
            // its renumbering's edits read each page back once, not once a finding.
            .map_init(
                || shared.fork(),
                |sources, group| render(group, style, sources),
            )
            .collect();
        for text in texts {
            out.write_all(if first { b"\n" } else { b",\n" })?;
            out.write_all(&text)?;
            first = false;
        }
    }
    writeln!(out, "\n]")
}

/// The findings of one file (at least one) as items of the list, joined by `,\n`.
fn render(findings: &[Finding], style: &Style, sources: &mut Sources) -> Vec<u8> {
    let mut out = Vec::with_capacity(findings.len() * 768);
    let file = findings
        .first()
        .map(|f| display_path(&f.file, &style.cwd))
        .unwrap_or_default();
    for (i, f) in findings.iter().enumerate() {
        if i > 0 {
            out.extend_from_slice(b",\n");
        }
        item(f, &file, style, sources).write_pretty(&mut out);
    }
    out
}

/// What is written of finding `f` of the file shown as `file`.
fn item<'a>(
    f: &'a Finding,
    file: &'a str,
    style: &Style,
    sources: &mut Sources,
) -> JsonFinding<'a> {
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
                    file: if std::sync::Arc::ptr_eq(path, &f.file) {
                        Cow::Borrowed(file)
                    } else {
                        Cow::Owned(display_path(path, &style.cwd))
                    },
                    line: loc.start.line,
                    column: loc.start.column,
                    end_line: loc.end.line,
                    end_column: loc.end.column,
                    content: &e.content,
                }
            })
            .collect(),
    });
    JsonFinding {
        code: f.rule.code,
        rule: f.rule.name,
        severity: f.severity.as_str(),
        message: &f.message,
        help: f.help.as_deref(),
        file,
        line: f.location.start.line,
        column: f.location.start.column,
        end_line: f.location.end.line,
        end_column: f.location.end.column,
        fix,
        built_from: f.origin.as_ref().map(|o| display_path(o, &style.cwd)),
    }
}

impl JsonFinding<'_> {
    /// Writes the finding as an item of the top-level list (indented by one level).
    fn write_pretty(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"  {\n");
        field_str(out, 4, "code", self.code, false);
        field_str(out, 4, "rule", self.rule, false);
        field_str(out, 4, "severity", self.severity, false);
        field_str(out, 4, "message", self.message, false);
        if let Some(help) = self.help {
            field_str(out, 4, "help", help, false);
        }
        field_str(out, 4, "file", self.file, false);
        field_num(out, 4, "line", self.line, false);
        field_num(out, 4, "column", self.column, false);
        field_num(out, 4, "end_line", self.end_line, false);
        field_num(out, 4, "end_column", self.end_column, false);
        let last = self.built_from.is_none();
        match &self.fix {
            None => {
                key(out, 4, "fix");
                out.extend_from_slice(b"null");
                end_field(out, last);
            }
            Some(fix) => {
                key(out, 4, "fix");
                out.extend_from_slice(b"{\n");
                let applicability = match fix.applicability {
                    Applicability::Safe => "safe",
                    Applicability::Unsafe => "unsafe",
                };
                field_str(out, 6, "applicability", applicability, false);
                field_str(out, 6, "message", fix.message, false);
                key(out, 6, "edits");
                if fix.edits.is_empty() {
                    out.extend_from_slice(b"[]\n");
                } else {
                    out.extend_from_slice(b"[\n");
                    for (i, e) in fix.edits.iter().enumerate() {
                        if i > 0 {
                            out.extend_from_slice(b",\n");
                        }
                        e.write_pretty(out);
                    }
                    out.extend_from_slice(b"\n      ]\n");
                }
                out.extend_from_slice(b"    }");
                end_field(out, last);
            }
        }
        if let Some(built_from) = &self.built_from {
            field_str(out, 4, "built_from", built_from, true);
        }
        out.extend_from_slice(b"  }");
    }
}

impl JsonEdit<'_> {
    /// Writes the edit as an item of its fix's `edits` (indented by four levels).
    fn write_pretty(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"        {\n");
        field_str(out, 10, "file", &self.file, false);
        field_num(out, 10, "line", self.line, false);
        field_num(out, 10, "column", self.column, false);
        field_num(out, 10, "end_line", self.end_line, false);
        field_num(out, 10, "end_column", self.end_column, false);
        field_str(out, 10, "content", self.content, true);
        out.extend_from_slice(b"        }");
    }
}

/// `<indent>"name": `
fn key(out: &mut Vec<u8>, indent: usize, name: &str) {
    const SPACES: &[u8] = b"            ";
    out.extend_from_slice(&SPACES[..indent.min(SPACES.len())]);
    out.push(b'"');
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b"\": ");
}

fn end_field(out: &mut Vec<u8>, last: bool) {
    out.extend_from_slice(if last { b"\n" } else { b",\n" });
}

fn field_str(out: &mut Vec<u8>, indent: usize, name: &str, value: &str, last: bool) {
    key(out, indent, name);
    string(out, value);
    end_field(out, last);
}

fn field_num(out: &mut Vec<u8>, indent: usize, name: &str, value: usize, last: bool) {
    key(out, indent, name);
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut n = value;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
    end_field(out, last);
}

/// A JSON string as serde_json writes it: `"` and `\` escaped, control characters as their
/// short escapes or `\u00XX`, everything else as is.
fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let bytes = s.as_bytes();
    // Most strings need no escape: one pass without early exit (vectorized) tells.
    if !bytes.iter().fold(false, |any, &b| {
        any | (b < 0x20) | (b == b'"') | (b == b'\\')
    }) {
        out.extend_from_slice(bytes);
        out.push(b'"');
        return;
    }
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let escape: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0C => b"\\f",
            0..=0x1F => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[run..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX[usize::from(b >> 4)]);
            out.push(HEX[usize::from(b & 0xF)]);
        } else {
            out.extend_from_slice(escape);
        }
        run = i + 1;
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
}

#[cfg(test)]
mod tests;
