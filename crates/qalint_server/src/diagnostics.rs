//! Findings as LSP diagnostics: `code` is the rule code, `source` is `qalint`, labels (and a
//! payload's source page) are related information, positions in the negotiated encoding.

use lsp_types::{
    Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Uri,
};

use super::text::{Encoding, LineIndex};
use qalint_workspace::finding::{Finding, Severity};

pub fn to_diagnostic(f: &Finding, text: &str, uri: &Uri, encoding: Encoding) -> Diagnostic {
    let idx = LineIndex::new(text, encoding);
    let related = f
        .labels
        .iter()
        .map(|l| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), idx.range(l.location.range.clone())),
            message: l.message.clone(),
        })
        // A payload finding: the source page it was built from, where the fix belongs.
        .chain(f.origin.as_ref().and_then(|o| {
            Some(DiagnosticRelatedInformation {
                location: Location::new(super::uri::from_path(o)?, Default::default()),
                message: "the source page this payload was built from".into(),
            })
        }))
        .collect::<Vec<_>>();
    let mut message = f.message.to_string();
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

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::sync::Arc;

    use super::*;
    use qalint_workspace::finding::RuleId;
    use qalint_workspace::source::SourceFile;

    #[test]
    fn a_payload_finding_relates_its_source_page() {
        let text = "[{\"a\":1}]";
        let src = SourceFile::new("/site/.output/public/a/b/c/_payload.json", text.into());
        let file = Arc::new(src.path.clone());
        let rule = RuleId {
            code: "QA007",
            name: "unlabeled-code-fence",
        };
        let mut f = Finding::new(rule, Severity::Error, &src, &file, 2..5, "m");
        f.origin = Some(Arc::new(PathBuf::from("/site/content/a/b/c.md")));
        let uri = super::super::uri::from_path(&file).expect("a uri");
        let d = to_diagnostic(&f, text, &uri, Encoding::Utf16);
        let related = d.related_information.expect("related information");
        assert_eq!(related.len(), 1);
        assert_eq!(
            related[0].location.uri.as_str(),
            "file:///site/content/a/b/c.md"
        );
        assert_eq!(
            related[0].message,
            "the source page this payload was built from"
        );
    }
}
