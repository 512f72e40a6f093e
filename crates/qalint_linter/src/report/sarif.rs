//! SARIF 2.1.0 for GitHub code scanning: one rule entry per qalint rule (its page as help),
//! one result per finding with its exact region, and fixes as replacements.

use std::io::Write;

use serde_json::{json, Value};

use super::{display_path, Sources, Style};
use crate::finding::{Finding, Severity};
use crate::rules;
use crate::source::Location;

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    }
}

/// The [`Emitter`](super::Emitter) of `--format sarif`: SARIF 2.1.0.
pub struct Sarif;

impl super::Emitter for Sarif {
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

fn region(l: &Location) -> Value {
    json!({
        "startLine": l.start.line,
        "startColumn": l.start.column,
        "endLine": l.end.line,
        "endColumn": l.end.column,
    })
}

fn write(
    findings: &[Finding],
    style: &Style,
    sources: &mut Sources,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let rule_list: Vec<Value> = rules::ALL
        .iter()
        .map(|r| {
            let m = r.meta();
            json!({
                "id": m.code(),
                "name": m.name(),
                "shortDescription": { "text": m.summary },
                "fullDescription": { "text": m.summary },
                "help": { "text": m.doc, "markdown": m.doc },
                "defaultConfiguration": { "level": level(m.severity) },
                "properties": { "fix": m.fix.as_str() },
            })
        })
        .collect();
    // Keys in the order `json!` objects print them (sorted), so the layout is as it was.
    let log = Log {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        runs: [Run {
            column_kind: "unicodeCodePoints",
            results: Results {
                findings,
                style,
                sources: std::cell::RefCell::new(sources),
            },
            tool: json!({ "driver": {
                "name": "qalint",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://crates.io/crates/qalint",
                "rules": rule_list,
            }}),
        }],
        version: "2.1.0",
    };
    serde_json::to_writer_pretty(&mut *out, &log).map_err(std::io::Error::other)?;
    writeln!(out)
}

#[derive(serde::Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

#[derive(serde::Serialize)]
struct Run<'a> {
    #[serde(rename = "columnKind")]
    column_kind: &'static str,
    results: Results<'a>,
    tool: Value,
}

/// The results, each made as it is written: a finding-heavy tree's log is streamed, never
/// held whole (it once took a gigabyte for 60,000 findings).
struct Results<'a> {
    findings: &'a [Finding],
    style: &'a Style,
    sources: std::cell::RefCell<&'a mut Sources>,
}

impl serde::Serialize for Results<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut sources = self.sources.borrow_mut();
        let mut seq = s.serialize_seq(Some(self.findings.len()))?;
        for f in self.findings {
            seq.serialize_element(&result(f, self.style, &mut sources))?;
        }
        seq.end()
    }
}

/// One finding as a SARIF result.
fn result(f: &Finding, style: &Style, sources: &mut Sources) -> Value {
    let uri = display_path(&f.file, &style.cwd);
    let artifact = json!({ "uri": uri, "uriBaseId": "%SRCROOT%" });
    let mut message = f.message.to_string();
    if let Some(help) = &f.help {
        message.push_str(&format!("\nhelp: {help}"));
    }
    let mut result = json!({
        "ruleId": f.rule.code,
        "ruleIndex": rules::ALL.iter().position(|r| r.meta().code() == f.rule.code).unwrap_or(0),
        "level": level(f.severity),
        "message": { "text": message },
        "locations": [{ "physicalLocation": { "artifactLocation": artifact, "region": region(&f.location) } }],
    });
    if !f.labels.is_empty() {
        result["relatedLocations"] = f
                .labels
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    json!({
                        "id": i,
                        "message": { "text": l.message },
                        "physicalLocation": { "artifactLocation": artifact, "region": region(&l.location) },
                    })
                })
                .collect();
    }
    if let Some(origin) = &f.origin {
        // The source page the payload was built from: where the fix belongs.
        let related = json!({
            "id": f.labels.len(),
            "message": { "text": "the source page this payload was built from" },
            "physicalLocation": { "artifactLocation": {
                "uri": display_path(origin, &style.cwd), "uriBaseId": "%SRCROOT%",
            }},
        });
        match result["relatedLocations"].as_array_mut() {
            Some(list) => list.push(related),
            None => result["relatedLocations"] = json!([related]),
        }
    }
    if let Some(fix) = &f.fix {
        // One artifact change per file: a topic's renumbering edits several.
        let changes: Vec<Value> = std::iter::once((&f.file, &fix.edits))
                .chain(fix.elsewhere.iter().map(|(p, e)| (p, e)))
                .map(|(path, edits)| {
                    let replacements: Vec<Value> = edits
                        .iter()
                        .filter_map(|e| {
                            let loc = super::edit_location(f, path, e, sources);
                            if loc.start.line == 0 {
                                return None; // the file cannot be read back
                            }
                            Some(json!({ "deletedRegion": region(&loc), "insertedContent": { "text": e.content } }))
                        })
                        .collect();
                    let uri = display_path(path, &style.cwd);
                    json!({
                        "artifactLocation": { "uri": uri, "uriBaseId": "%SRCROOT%" },
                        "replacements": replacements,
                    })
                })
                .filter(|c| c["replacements"].as_array().is_some_and(|r| !r.is_empty()))
                .collect();
        result["fixes"] = json!([{
            "description": { "text": fix.message },
            "artifactChanges": changes,
        }]);
    }
    result
}
