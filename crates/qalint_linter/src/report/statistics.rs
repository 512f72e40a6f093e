//! `--statistics`: how many findings each rule gave, in ruff's layout (count, code, whether
//! a fix is available, name), or as JSON.

use std::collections::BTreeMap;
use std::io::Write;

use super::{fix_shown, Format};
use crate::finding::{Finding, RuleId};

struct Row {
    rule: RuleId,
    count: usize,
    fixable: usize,
}

fn rows(findings: &[Finding], unsafe_fixes: bool) -> Vec<Row> {
    let mut by_code: BTreeMap<&str, Row> = BTreeMap::new();
    for f in findings {
        let row = by_code.entry(f.rule.code).or_insert(Row {
            rule: f.rule,
            count: 0,
            fixable: 0,
        });
        row.count += 1;
        row.fixable += usize::from(fix_shown(f, unsafe_fixes));
    }
    let mut rows: Vec<Row> = by_code.into_values().collect();
    // Most frequent first, then by code (ruff's order).
    rows.sort_by(|a, b| b.count.cmp(&a.count).then(a.rule.code.cmp(b.rule.code)));
    rows
}

pub fn write(
    findings: &[Finding],
    format: Format,
    unsafe_fixes: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let rows = rows(findings, unsafe_fixes);
    if format == Format::Json {
        let list: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::json!({
                    "code": r.rule.code,
                    "name": r.rule.name,
                    "count": r.count,
                    "fixable": r.fixable,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &list).map_err(std::io::Error::other)?;
        return writeln!(out);
    }
    let width = rows
        .iter()
        .map(|r| r.count.to_string().len())
        .max()
        .unwrap_or(1);
    let any_fixable = rows.iter().any(|r| r.fixable > 0);
    for r in &rows {
        let marker = match (any_fixable, r.fixable > 0) {
            (false, _) => "",
            (true, true) => "[*] ",
            (true, false) => "[ ] ",
        };
        writeln!(
            out,
            "{:>width$}\t{}\t{marker}{}",
            r.count, r.rule.code, r.rule.name
        )?;
    }
    Ok(())
}
