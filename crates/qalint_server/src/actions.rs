//! Code actions: each finding's fix as a quick fix (unsafe ones say so), "ignore this rule
//! here" (a `# qalint: ignore[rule]` comment), and `source.fixAll.qalint` (safe fixes only).
//! A topic's renumbering is one workspace edit over every page of the topic.

use std::collections::HashMap;
use std::path::Path;

use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit, Uri, WorkspaceEdit,
};

use super::diagnostics::to_diagnostic;
use super::text::{Encoding, LineIndex};
use super::uri;
use qalint_workspace::finding::{Applicability, Edit, Finding, Fix};
use qalint_workspace::load::frontmatter;
use qalint_workspace::source::SourceFile;
use qalint_workspace::Workspace;

pub const FIX_ALL: &str = "source.fixAll.qalint";

pub fn code_actions(
    state: &Workspace,
    path: &Path,
    doc_uri: &Uri,
    range: Range,
    only: Option<&[CodeActionKind]>,
    encoding: Encoding,
) -> Vec<CodeActionOrCommand> {
    let wants = |kind: &CodeActionKind| {
        only.is_none_or(|o| o.iter().any(|k| kind.as_str().starts_with(k.as_str())))
    };
    let Some(text) = state.text_of(path) else {
        return Vec::new();
    };
    let idx = LineIndex::new(&text, encoding);
    let (start, end) = (idx.offset(range.start), idx.offset(range.end));
    let findings = state.findings_of(path).map(Vec::as_slice).unwrap_or(&[]);
    let mut out = Vec::new();
    if wants(&CodeActionKind::QUICKFIX) {
        for f in findings
            .iter()
            .filter(|f| f.location.range.start <= end && start <= f.location.range.end)
        {
            let diagnostic = to_diagnostic(f, &text, doc_uri, encoding);
            if let Some(fix) = &f.fix {
                let unsafe_note = match fix.applicability {
                    Applicability::Safe => "",
                    Applicability::Unsafe => " (unsafe fix)",
                };
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("{}: {}{unsafe_note}", f.rule.code, fix.message),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: workspace_edit(state, path, fix, encoding),
                    is_preferred: Some(fix.applicability == Applicability::Safe),
                    ..CodeAction::default()
                }));
            }
            if let Some(edit) = ignore_edit(f, &text) {
                let edits = vec![to_text_edit(&idx, &edit)];
                out.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!("{}: ignore {} here", f.rule.code, f.rule.name),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic]),
                    edit: Some(WorkspaceEdit {
                        changes: Some(HashMap::from([(doc_uri.clone(), edits)])),
                        ..WorkspaceEdit::default()
                    }),
                    ..CodeAction::default()
                }));
            }
        }
    }
    let fix_all = CodeActionKind::from(FIX_ALL);
    // Only when asked by kind (on save): a fix-all in every light bulb menu is noise.
    if only.is_some() && wants(&fix_all) {
        // The command line's fix path (rounds, and nothing offered that would not parse).
        let file = std::sync::Arc::new(path.to_path_buf());
        let fixed = state
            .fix_buffer_findings(findings, &file, &text, false)
            .filter(|f| f.error.is_none() && f.fixed != text);
        if let Some(fixed) = fixed {
            let edits = vec![to_text_edit(&idx, &changed_part(&text, &fixed.fixed))];
            out.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: "qalint: fix all safe problems".into(),
                kind: Some(fix_all),
                edit: Some(WorkspaceEdit {
                    changes: Some(HashMap::from([(doc_uri.clone(), edits)])),
                    ..WorkspaceEdit::default()
                }),
                ..CodeAction::default()
            }));
        }
    }
    out
}

/// The one edit that turns `old` into `new`: what lies between their common start and end
/// (an editor keeps the cursor and folds outside it).
fn changed_part(old: &str, new: &str) -> Edit {
    let mut start = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(start) || !new.is_char_boundary(start) {
        start -= 1;
    }
    let room = old.len().min(new.len()) - start;
    let mut common_end = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(room)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - common_end)
        || !new.is_char_boundary(new.len() - common_end)
    {
        common_end -= 1;
    }
    Edit {
        range: start..old.len() - common_end,
        content: new[start..new.len() - common_end].to_string(),
    }
}

fn to_text_edit(idx: &LineIndex<'_>, e: &Edit) -> TextEdit {
    TextEdit::new(idx.range(e.range.clone()), e.content.clone())
}

/// The fix's edits in its own file and in every other file it touches.
#[allow(clippy::mutable_key_type)] // lsp_types::Uri caches its parts; never mutated here
fn workspace_edit(
    state: &Workspace,
    path: &Path,
    fix: &Fix,
    encoding: Encoding,
) -> Option<WorkspaceEdit> {
    let mut changes = HashMap::new();
    for (file, edits) in std::iter::once((path, &fix.edits))
        .chain(fix.elsewhere.iter().map(|(p, e)| (p.as_path(), e)))
    {
        let text = state.text_of(file)?;
        let idx = LineIndex::new(&text, encoding);
        let edits: Vec<TextEdit> = edits.iter().map(|e| to_text_edit(&idx, e)).collect();
        changes.insert(uri::from_path(file)?, edits);
    }
    Some(WorkspaceEdit {
        changes: Some(changes),
        ..WorkspaceEdit::default()
    })
}

/// A `# qalint: ignore[rule]` comment on a line of its own before the entry holding the
/// finding (the frontmatter key, or the whole question item), or `ignore-file` after the
/// opening `---` when the finding is in the Markdown body. None for payloads.
fn ignore_edit(f: &Finding, text: &str) -> Option<Edit> {
    if f.file.extension().is_none_or(|e| e != "md") {
        return None;
    }
    // Where the frontmatter is, as the loader splits it.
    let src = SourceFile::new(f.file.as_path(), text.to_string());
    let yaml = frontmatter::split(&src).ok()??.yaml;
    let newline = if text[..yaml.start].ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let at = f.location.range.start;
    if !yaml.contains(&at) {
        return Some(Edit {
            range: yaml.start..yaml.start,
            content: format!("# qalint: ignore-file[{}]{newline}", f.rule.name),
        });
    }
    // The entry: the nearest line at or above the finding that opens a top-level key or a
    // question item (`- ` at the questions' indentation).
    let mut entry = None;
    let mut line_start = yaml.start;
    for line in text[yaml.clone()].split_inclusive('\n') {
        if line_start > at {
            break;
        }
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let opens_key = indent == 0 && !trimmed.starts_with(['#', '\n', '\r', ' ']);
        let opens_item = indent <= 2 && trimmed.starts_with("- ");
        if opens_key || opens_item {
            entry = Some((line_start, indent));
        }
        line_start += line.len();
    }
    let (line_start, indent) = entry?;
    Some(Edit {
        range: line_start..line_start,
        content: format!(
            "{}# qalint: ignore[{}]{newline}",
            " ".repeat(indent),
            f.rule.name
        ),
    })
}
