use std::io::Write;

use super::{built_from, Names, Style};
use crate::finding::Finding;

pub fn write(findings: &[Finding], style: &Style, out: &mut dyn Write) -> std::io::Result<()> {
    let mut names = Names::default();
    for f in findings {
        writeln!(
            out,
            "{}:{}:{}: {} [{}] {}{}",
            names.of(&f.file, &style.cwd),
            f.location.start.line,
            f.location.start.column,
            f.rule.code,
            f.rule.name,
            f.message,
            built_from(f, &style.cwd)
        )?;
    }
    Ok(())
}
