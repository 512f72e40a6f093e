use std::io::Write;

use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteDiagnostic, NamedSource,
    Severity as MietteSeverity,
};

use super::{display_path, Sources, Style};
use crate::finding::{Finding, Severity};

pub fn write(
    findings: &[Finding],
    style: &Style,
    sources: &mut Sources,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let theme = if style.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme).with_context_lines(2);
    for f in findings {
        let name = display_path(&f.file, &style.cwd);
        let l = &f.location;
        let mut diag = MietteDiagnostic::new(f.message.clone())
            .with_code(format!("{}[{}]", f.rule.code, f.rule.name))
            .with_severity(match f.severity {
                Severity::Error => MietteSeverity::Error,
                Severity::Warning => MietteSeverity::Warning,
            });
        if let Some(help) = &f.help {
            diag = diag.with_help(help.clone());
        }
        let fixable = f.fix.as_ref().map(|x| x.message.clone());
        let source = sources
            .get(&f.file)
            .filter(|s| l.range.end <= s.text.len())
            .map(|s| s.text.clone());
        let rendered = match source {
            Some(text) => {
                let mut labels = vec![LabeledSpan::new_primary_with_span(
                    fixable.clone(),
                    l.range.clone(),
                )];
                labels.extend(f.labels.iter().map(|x| {
                    LabeledSpan::new_with_span(Some(x.message.clone()), x.location.range.clone())
                }));
                let diag = diag.with_labels(labels);
                let report = miette::Report::new(diag)
                    .with_source_code(NamedSource::new(name.clone(), text));
                let mut s = String::new();
                handler
                    .render_report(&mut s, report.as_ref())
                    .map_err(std::io::Error::other)?;
                s
            }
            None => {
                let mut s = String::new();
                handler
                    .render_report(&mut s, &diag)
                    .map_err(std::io::Error::other)?;
                s
            }
        };
        writeln!(out, "{name}:{}:{}", l.start.line, l.start.column)?;
        writeln!(out, "{rendered}")?;
    }
    Ok(())
}
