//! Hover, go to definition and completion: the rule page of a finding, the page a `related`
//! or `siblings` path names, page paths, difficulty levels and frontmatter keys.

use std::path::Path;

use lsp_types::{
    CompletionItem, CompletionItemKind, Hover, HoverContents, Location, MarkupContent, MarkupKind,
    Position, Range,
};
use serde_json::Value;

use super::text::{Encoding, LineIndex};
use super::uri;
use qalint_workspace::index::PageFacts;
use qalint_workspace::load::{self, FileKind};
use qalint_workspace::rules;
use qalint_workspace::source::SourceFile;
use qalint_workspace::Workspace;

/// A link under the cursor: the path it names and where it is written, from the facts the
/// workspace keeps of the page (its `related` and `siblings` links, placed), as up to date as
/// the buffer.
fn link_at(
    state: &Workspace,
    path: &Path,
    offset: usize,
) -> Option<(String, std::ops::Range<usize>)> {
    state
        .index()
        .pages_in(path)
        .iter()
        .flat_map(|page| page.links.iter())
        .map(|(_, link)| (link, link.location().range))
        .find(|(_, range)| range.start <= offset && offset <= range.end)
        .map(|(link, range)| (link.value.to_string(), range))
}

/// The indexed page a link from `from` names (in `from`'s project and world).
fn target<'a>(state: &'a Workspace, from: &Path, link: &str) -> Option<&'a PageFacts> {
    let page = state.index().page_of(from)?;
    state.index().find(page, link)
}

pub fn hover(state: &Workspace, path: &Path, pos: Position, encoding: Encoding) -> Option<Hover> {
    let text = state.text_of(path)?;
    let idx = LineIndex::new(&text, encoding);
    let offset = idx.offset(pos);
    // A finding here: its rule's page.
    let docs: Vec<&str> = state
        .findings_of(path)
        .into_iter()
        .flatten()
        .filter(|f| f.location.range.start <= offset && offset <= f.location.range.end)
        .filter_map(|f| rules::find(f.rule.code).map(|r| r.meta().doc))
        .collect();
    if !docs.is_empty() {
        let mut docs = docs;
        docs.dedup();
        return Some(markdown(docs.join("\n---\n"), None));
    }
    // A link: the title of the page it names.
    let (link, range) = link_at(state, path, offset)?;
    let value = match target(state, path, &link) {
        Some(page) => {
            let title = title_of(state, &page.file).unwrap_or_else(|| page.path.to_string());
            format!("**{title}** — `{}`", page.path)
        }
        None => format!("`{link}` is not the path of any page"),
    };
    Some(markdown(value, Some(idx.range(range))))
}

fn markdown(value: String, range: Option<Range>) -> Hover {
    Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value,
        }),
        range,
    }
}

fn title_of(state: &Workspace, file: &Path) -> Option<String> {
    let text = state.text_of(file)?;
    let kind = FileKind::of(file).unwrap_or(FileKind::Markdown);
    let pages = load::load_pages(kind, &SourceFile::new(file, text)).ok()?;
    pages
        .first()?
        .value
        .get("title")?
        .as_str()
        .map(str::to_string)
}

pub fn definition(
    state: &Workspace,
    path: &Path,
    pos: Position,
    encoding: Encoding,
) -> Option<Location> {
    let text = state.text_of(path)?;
    let offset = LineIndex::new(&text, encoding).offset(pos);
    let (link, _) = link_at(state, path, offset)?;
    let page = target(state, path, &link)?;
    Some(Location::new(uri::from_path(&page.file)?, Range::default()))
}

pub fn completion(
    state: &Workspace,
    path: &Path,
    pos: Position,
    encoding: Encoding,
) -> Vec<CompletionItem> {
    let Some(text) = state.text_of(path) else {
        return Vec::new();
    };
    let idx = LineIndex::new(&text, encoding);
    let offset = idx.offset(pos);
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    let trimmed = before.trim_start();
    let indent = before.len() - trimmed.len();
    if let Some(rest) = trimmed.strip_prefix("difficulty:") {
        if !rest.trim().contains(' ') {
            return ["easy", "medium", "hard"]
                .iter()
                .map(|l| item(l, CompletionItemKind::ENUM_MEMBER, None))
                .collect();
        }
    }
    if let Some(typed) = trimmed.strip_prefix("- ") {
        if in_list(&text[..line_start], "related:") {
            let typed = typed.trim_matches(['"', '\'']);
            let Some(me) = state.index().page_of(path) else {
                return Vec::new();
            };
            let mut paths: Vec<&str> = state
                .index()
                .paths(me)
                .filter(|p| *p != &*me.path && p.starts_with(typed))
                .collect();
            paths.sort_unstable();
            paths.dedup();
            return paths
                .into_iter()
                .map(|p| item(p, CompletionItemKind::FILE, None))
                .collect();
        }
    }
    // A key at the start of a line of the frontmatter.
    if trimmed
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return state.with_schema_for(path, |schema| {
            let raw = schema.raw();
            let props = if indent == 0 {
                raw.get("properties")
            } else {
                raw.pointer("/properties/questions/items/properties")
            };
            let Some(Value::Object(props)) = props else {
                return Vec::new();
            };
            props
                .keys()
                .filter(|k| {
                    indent > 0 || !qalint_workspace::schema::BUILD_ONLY_KEYS.contains(&k.as_str())
                })
                .map(|k| item(k, CompletionItemKind::PROPERTY, Some(format!("{k}: "))))
                .collect()
        });
    }
    Vec::new()
}

/// Whether the list being written (the lines above, up to a key at a lower indentation)
/// belongs to the key `key`.
fn in_list(above: &str, key: &str) -> bool {
    for line in above.lines().rev() {
        let t = line.trim_start();
        if t.starts_with("- ") || t.is_empty() || t.starts_with('#') {
            continue;
        }
        return t.starts_with(key);
    }
    false
}

fn item(label: &str, kind: CompletionItemKind, insert: Option<String>) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind: Some(kind),
        insert_text: insert,
        ..CompletionItem::default()
    }
}
