//! Findings as LSP diagnostics: `code` is the rule code, `source` is `qalint`, labels are
//! related information, positions in the negotiated encoding.

use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri,
};

use super::text::{Encoding, LineIndex};
use crate::finding::{Finding, Severity};

pub fn to_diagnostic(f: &Finding, text: &str, uri: &Uri, encoding: Encoding) -> Diagnostic {
    let idx = LineIndex::new(text, encoding);
    let related = f
        .labels
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), idx.range(l.location.range.clone())),
            message: l.message.clone(),
        })
        .collect::<Vec<_>>();
    let mut message = f.message.clone();
    if let Some(help) = &f.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    Diagnostic {
        range: idx.range(f.location.range.clone()),
        severity: Some(match f.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(f.rule.code.to_string())),
        source: Some("qalint".to_string()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        ..Diagnostic::default()
    }
}
