use std::io::Write;

use super::{display_path, Style};
use crate::finding::Finding;

pub fn write(findings: &[Finding], style: &Style, out: &mut dyn Write) -> std::io::Result<()> {
    for f in findings {
        writeln!(
            out,
            "{}:{}:{}: {} [{}] {}",
            display_path(&f.file, &style.cwd),
            f.location.start.line,
            f.location.start.column,
            f.rule.code,
            f.rule.name,
            f.message
        )?;
    }
    Ok(())
}
