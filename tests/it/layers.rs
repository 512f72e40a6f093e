//! The house stays one-way: every `crate::` import of a module points down a layer (the table
//! below, drawn in the README's "Layout"), so no two modules import each other, however far
//! round; and no source file is over 400 lines unless its first lines say why.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The layers, lowest first. A module may import modules of lower layers only.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "core",
        &["source", "quote", "read", "suggest", "paths", "filter"],
    ),
    (
        "findings and loaders",
        &["finding", "load", "project", "schema", "key"],
    ),
    ("facts", &["index", "discover", "collections"]),
    ("settings", &["settings"]),
    ("rules", &["rules"]),
    (
        "configuration, suppressions, output",
        &["config", "suppress", "report"],
    ),
    ("a file's result", &["checked"]),
    ("cache", &["cache"]),
    ("engine", &["engine"]),
    ("fixes, set-up", &["fix", "setup"]),
    (
        "language server, fuzz invariants",
        &["server", "fuzz_checks"],
    ),
    ("command line", &["cli"]),
];

fn layer_of(unit: &str) -> Option<usize> {
    LAYERS.iter().position(|(_, units)| units.contains(&unit))
}

fn sources() -> Vec<PathBuf> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(&src)
        .build()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files
}

/// The top-level module a file belongs to (`src/engine/check.rs` → `engine`).
fn unit(file: &Path) -> String {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let rel = file.strip_prefix(&src).expect("below src");
    let first = rel.components().next().expect("a component");
    let name = first.as_os_str().to_string_lossy();
    name.strip_suffix(".rs").unwrap_or(&name).to_string()
}

/// The code of a file without comments and without its unit tests (a test may use anything).
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    let text = match text.find("#[cfg(all(test, unix))]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            Some(at) => &l[..at],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The top-level modules `code` names through `crate::` (`crate::a::b`, `crate::{a, b::c}`).
fn imports(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    found.push(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.push(name);
        }
    }
    found
}

#[test]
fn every_import_points_down_a_layer() {
    let mut wrong: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in sources() {
        let from = unit(&file);
        if from == "lib" || from == "main" {
            continue; // the crate's root and the binary sit above everything
        }
        let Some(level) = layer_of(&from) else {
            wrong
                .entry(from.clone())
                .or_default()
                .push("is in no layer: add it to LAYERS and the README".into());
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("read");
        for to in imports(&code(&text)) {
            if to == from {
                continue;
            }
            match layer_of(&to) {
                Some(l) if l < level => {}
                _ => wrong
                    .entry(file.display().to_string())
                    .or_default()
                    .push(format!("imports `{to}` ({} layer)", layer_name(&to))),
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports that do not point down: {wrong:#?}"
    );
}

fn layer_name(unit: &str) -> &'static str {
    layer_of(unit).map_or("no", |l| LAYERS[l].0)
}

/// The checker above is no stub: it sees the imports of every form in use.
#[test]
fn imports_of_every_form_are_seen() {
    let code = code(
        "use crate::a::B;\nuse crate::{c, d::E};\nlet x = crate::f(); // crate::g\n\
         #[cfg(test)]\nmod tests { use crate::h; }",
    );
    assert_eq!(imports(&code), ["a", "c", "d", "f"]);
}

#[test]
fn no_room_over_400_lines_without_a_reason() {
    let mut long = Vec::new();
    for file in sources() {
        let text = std::fs::read_to_string(&file).expect("read");
        let lines = text.lines().count();
        let head: String = text.lines().take(10).collect::<Vec<_>>().join("\n");
        if lines > 400 && !head.contains("Over 400 lines:") {
            long.push(format!("{}: {lines} lines", file.display()));
        }
    }
    assert!(long.is_empty(), "{long:#?}");
}
