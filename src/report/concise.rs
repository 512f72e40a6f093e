use std::io::Write;

use super::{built_from, display_path, Style};
use crate::finding::Finding;

pub fn write(findings: &[Finding], style: &Style, out: &mut dyn Write) -> std::io::Result<()> {
    for f in findings {
        writeln!(
            out,
            "{}:{}:{}: {} [{}] {}{}",
            display_path(&f.file, &style.cwd),
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
