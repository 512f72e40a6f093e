//! The house stays one-way. Between crates the crate graph says it: the command line
//! (`src/`) and the language server (`crates/qalint_server`) sit on the workspace
//! (`crates/qalint_workspace`), and neither on the other; the workspace and the WebAssembly
//! module (`crates/qalint_wasm`) sit on the linter (`crates/qalint_linter`), the core that does
//! no I/O. Inside the linter and the workspace, every import of a module points down a layer
//! (the tables below, drawn in ARCHITECTURE.md's "Layout"), so no two modules import each
//! other, however far round. The sources are parsed (syn), so every form
//! of a path counts: `use crate::{a::{B}, c::D}`, `super::super::x`, `use crate as q`, a path
//! in an expression; only items under `#[cfg(test)]` may use anything. No source file is over
//! 400 lines unless its first lines say why.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// The linter's (the core's) layers, lowest first. A module may import modules of lower layers only.
const CORE_LAYERS: &[(&str, &[&str])] = &[
    ("text", &["source", "quote", "suggest", "paths", "filter"]),
    ("findings and loaders", &["finding", "load", "schema"]),
    ("findings bounded as reported", &["findings"]),
    ("facts", &["index", "collections"]),
    ("settings", &["settings"]),
    ("rules", &["rules"]),
    (
        "settings text, suppressions, output",
        &["config", "suppress", "report"],
    ),
    ("a file's result", &["file_result"]),
    ("checking", &["check"]),
    ("fixes", &["fix"]),
    ("the detached workspace", &["detached"]),
];

/// The workspace's layers, lowest first: the linter's modules (re-exported under the same
/// names) sit below them all.
const WORKSPACE_LAYERS: &[(&str, &[&str])] = &[
    (
        "the linter, re-exported",
        &[
            "check",
            "collections",
            "detached",
            "file_result",
            "filter",
            "finding",
            "findings",
            "index",
            "load",
            "paths",
            "quote",
            "rules",
            "schema",
            "settings",
            "source",
            "suggest",
            "suppress",
        ],
    ),
    ("reading", &["bounded_read"]),
    (
        "project roots, keys, output",
        &["project_root", "signing_key", "report"],
    ),
    ("discovery, Nuxt records", &["discover", "nuxt_record"]),
    ("configuration files", &["config"]),
    (
        "the suppressions file, the cache",
        &["bulk_suppressions", "cache"],
    ),
    ("engine", &["engine"]),
    ("fixes", &["fix"]),
    (
        "the workspace, fuzz invariants",
        &["workspace", "fuzz_checks"],
    ),
];

fn layer_of(layers: &[(&str, &[&str])], unit: &str) -> Option<usize> {
    layers.iter().position(|(_, units)| units.contains(&unit))
}

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

/// The `.rs` files below `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(dir)
        .build()
        .flatten()
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    files
}

/// The module path of a file below a crate's `src` (`engine/check.rs` → `[engine, check]`,
/// `engine/mod.rs` → `[engine]`, `lib.rs` → `[]`).
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if !matches!(stem, "mod" | "lib" | "main") {
            parts.push(stem.to_string());
        }
    }
    parts
}

/// Collects the top-level modules of the crate that a file's code names, outside test items.
struct Imports {
    /// The module the visitor is in (inline `mod x { … }` pushes `x`).
    module: Vec<String>,
    /// Names that stand for the crate root (`crate`, and `q` after `use crate as q`).
    roots: Vec<String>,
    found: Vec<String>,
}

impl Imports {
    fn new(module: Vec<String>) -> Self {
        Imports {
            module,
            roots: vec!["crate".into()],
            found: Vec::new(),
        }
    }

    /// The top-level module a path starting with `segments` reaches, if it leaves the file's
    /// own module through the crate root or `super`.
    fn reach(&mut self, segments: &[String]) {
        let Some(first) = segments.first() else {
            return;
        };
        let (base, rest): (Vec<String>, &[String]) = if self.roots.contains(first) {
            (Vec::new(), &segments[1..])
        } else if first == "self" {
            (self.module.clone(), &segments[1..])
        } else if first == "super" {
            let ups = segments.iter().take_while(|s| *s == "super").count();
            let keep = self.module.len().saturating_sub(ups);
            (self.module[..keep].to_vec(), &segments[ups..])
        } else {
            return;
        };
        let mut full = base;
        full.extend(rest.iter().cloned());
        if let Some(top) = full.first() {
            self.found.push(top.clone());
        }
    }

    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(p) => {
                prefix.push(p.ident.to_string());
                self.use_tree(prefix, &p.tree);
                prefix.pop();
            }
            syn::UseTree::Name(n) => {
                prefix.push(n.ident.to_string());
                self.reach(&prefix.clone());
                prefix.pop();
            }
            syn::UseTree::Rename(r) => {
                prefix.push(r.ident.to_string());
                if prefix.len() == 1 && r.ident == "crate" {
                    self.roots.push(r.rename.to_string());
                }
                self.reach(&prefix.clone());
                prefix.pop();
            }
            syn::UseTree::Glob(_) => self.reach(&prefix.clone()),
            syn::UseTree::Group(g) => {
                for t in &g.items {
                    self.use_tree(prefix, t);
                }
            }
        }
    }
}

/// Whether the attributes put an item under `#[cfg(test)]` (or `cfg(all(test, …))`).
fn is_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && match &a.meta {
                syn::Meta::List(list) => {
                    let tokens = list.tokens.to_string();
                    tokens.contains("test") && !tokens.contains("not")
                }
                _ => false,
            }
    })
}

impl<'ast> Visit<'ast> for Imports {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Struct(s) => &s.attrs,
            syn::Item::Enum(e) => &e.attrs,
            syn::Item::Const(c) => &c.attrs,
            syn::Item::Static(s) => &s.attrs,
            syn::Item::Trait(t) => &t.attrs,
            syn::Item::Type(t) => &t.attrs,
            syn::Item::Macro(m) => &m.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if !is_test(attrs) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        self.module.push(m.ident.to_string());
        syn::visit::visit_item_mod(self, m);
        self.module.pop();
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &u.tree);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.reach(&segments);
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        // A macro's own path, and `crate::…` paths among its tokens (`format!`, `matches!`).
        self.visit_path(&mac.path);
        let tokens: Vec<String> = mac
            .tokens
            .clone()
            .into_iter()
            .map(|t| t.to_string())
            .collect();
        for (i, t) in tokens.iter().enumerate() {
            if self.roots.contains(t) && tokens.get(i + 1).is_some_and(|c| c == ":") {
                if let Some(name) = tokens.get(i + 3) {
                    self.found.push(name.clone());
                }
            }
        }
    }
}

/// The top-level modules of its crate that the Rust source `text` (the file at `module`)
/// imports, outside test items.
fn imports(text: &str, module: Vec<String>) -> Vec<String> {
    let file = syn::parse_file(text).expect("the source parses");
    let mut v = Imports::new(module);
    v.visit_file(&file);
    v.found
}

/// The imports in the crate at `dir` that do not point down `layers`.
fn wrong_imports(dir: &str, layers: &[(&str, &[&str])]) -> BTreeMap<String, Vec<String>> {
    let src = root().join(dir);
    let name = |unit: &str| layer_of(layers, unit).map_or("no", |l| layers[l].0);
    let mut wrong: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in rust_files(&src) {
        let module = module_path(file.strip_prefix(&src).expect("below src"));
        let Some(from) = module.first().cloned() else {
            continue; // lib.rs: the crate's root sits above everything
        };
        let Some(level) = layer_of(layers, &from) else {
            wrong
                .entry(from.clone())
                .or_default()
                .push("is in no layer: add it to the layers and ARCHITECTURE.md".into());
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("read");
        for to in imports(&text, module) {
            if to == from {
                continue;
            }
            match layer_of(layers, &to) {
                Some(l) if l < level => {}
                _ => wrong
                    .entry(file.display().to_string())
                    .or_default()
                    .push(format!("imports `{to}` ({} layer)", name(&to))),
            }
        }
    }
    wrong
}

#[test]
fn every_import_in_the_linter_points_down_a_layer() {
    let wrong = wrong_imports("crates/qalint_linter/src", CORE_LAYERS);
    assert!(
        wrong.is_empty(),
        "imports that do not point down: {wrong:#?}"
    );
}

#[test]
fn every_import_in_the_workspace_points_down_a_layer() {
    let wrong = wrong_imports("crates/qalint_workspace/src", WORKSPACE_LAYERS);
    assert!(
        wrong.is_empty(),
        "imports that do not point down: {wrong:#?}"
    );
}

/// Collects, outside test items, every path and macro that reaches the outside world.
#[derive(Default)]
struct Io {
    found: Vec<String>,
}

/// Paths that read or write files, folders, the environment, processes, the network or the
/// terminal.
const IO_PATHS: &[&str] = &[
    "std::fs",
    "std::env",
    "std::process",
    "std::net",
    "std::io::stdin",
    "std::io::stdout",
    "std::io::stderr",
    "std::os",
    "std::thread::spawn",
];
const IO_MACROS: &[&str] = &["print", "println", "eprint", "eprintln", "dbg"];

impl<'ast> Visit<'ast> for Io {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs: &[syn::Attribute] = match item {
            syn::Item::Mod(m) => &m.attrs,
            syn::Item::Fn(f) => &f.attrs,
            syn::Item::Use(u) => &u.attrs,
            syn::Item::Impl(i) => &i.attrs,
            _ => &[],
        };
        if !is_test(attrs) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_use(&mut self, u: &'ast syn::ItemUse) {
        fn walk(prefix: &mut Vec<String>, tree: &syn::UseTree, out: &mut Vec<String>) {
            match tree {
                syn::UseTree::Path(p) => {
                    prefix.push(p.ident.to_string());
                    walk(prefix, &p.tree, out);
                    prefix.pop();
                }
                syn::UseTree::Name(n) => out.push(format!("{}::{}", prefix.join("::"), n.ident)),
                syn::UseTree::Rename(r) => out.push(format!("{}::{}", prefix.join("::"), r.ident)),
                syn::UseTree::Glob(_) => out.push(format!("{}::*", prefix.join("::"))),
                syn::UseTree::Group(g) => g.items.iter().for_each(|t| walk(prefix, t, out)),
            }
        }
        let mut paths = Vec::new();
        walk(&mut Vec::new(), &u.tree, &mut paths);
        self.found.extend(
            paths
                .into_iter()
                .filter(|p| IO_PATHS.iter().any(|io| p.starts_with(io))),
        );
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let text = path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect::<Vec<_>>()
            .join("::");
        if IO_PATHS.iter().any(|io| text.starts_with(io)) {
            self.found.push(text);
        }
        syn::visit::visit_path(self, path);
    }

    fn visit_macro(&mut self, mac: &'ast syn::Macro) {
        if let Some(name) = mac.path.get_ident() {
            if IO_MACROS.contains(&name.to_string().as_str()) {
                self.found.push(format!("{name}!"));
            }
        }
        // `std::fs::…` among a macro's tokens (`format!("{}", std::fs::read(..))`).
        let tokens = mac.tokens.to_string().replace(' ', "");
        self.found.extend(
            IO_PATHS
                .iter()
                .filter(|io| tokens.contains(*io))
                .map(|io| io.to_string()),
        );
        syn::visit::visit_macro(self, mac);
    }
}

/// What the Rust source `text` names of the outside world, outside test items.
fn io_in(text: &str) -> Vec<String> {
    let file = syn::parse_file(text).expect("the source parses");
    let mut v = Io::default();
    v.visit_file(&file);
    v.found
}

/// The linter (the core) does no I/O: no file, folder, environment, process, network or
/// terminal in its code, and none of the crates that exist for them among its dependencies. So
/// it builds and runs where there is no disk (WebAssembly), and the workspace is the one place
/// that reads.
#[test]
fn the_linter_does_no_io() {
    let src = root().join("crates/qalint_linter/src");
    let mut found: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for file in rust_files(&src) {
        let text = std::fs::read_to_string(&file).expect("read");
        let io = io_in(&text);
        if !io.is_empty() {
            found.insert(file.display().to_string(), io);
        }
    }
    assert!(found.is_empty(), "I/O in the linter: {found:#?}");
    let text =
        std::fs::read_to_string(root().join("crates/qalint_linter/Cargo.toml")).expect("manifest");
    let manifest: toml::Table = toml::from_str(&text).expect("a manifest parses");
    let deps: Vec<String> = manifest
        .get("dependencies")
        .and_then(|d| d.as_table())
        .map(|d| d.keys().cloned().collect())
        .unwrap_or_default();
    for io in ["ignore", "tempfile", "dirs", "libc", "getrandom", "walkdir"] {
        assert!(!deps.iter().any(|d| d == io), "the linter depends on {io}");
    }
    assert!(!deps.iter().any(|d| d.starts_with("qalint")), "{deps:?}");
}

/// The I/O checker above is no stub: it sees each form, and nothing in test items.
#[test]
fn io_of_every_form_is_seen() {
    let code = "use std::fs;
        use std::{env, io::{self, stdin}};
        fn f() { let x = std::fs::read(\"a\"); println!(\"{}\", std::process::id()); }
        #[cfg(test)]
mod tests { fn g() { std::fs::write(\"a\", \"b\"); } }
";
    assert_eq!(
        io_in(code),
        [
            "std::fs",
            "std::env",
            "std::io::stdin",
            "std::fs::read",
            "println!",
            "std::process"
        ]
    );
    assert!(io_in("fn f() { let p = std::path::Path::new(\"a\"); }").is_empty());
}

/// The front ends build on the library's API alone: its engine modules are private (the
/// `internals` feature opens them to tests), so a front end that reached into one would not
/// build; and neither front end names the other.
#[test]
fn the_front_ends_sit_on_the_library_and_not_on_each_other() {
    let manifest = |rel: &str| -> toml::Table {
        let text = std::fs::read_to_string(root().join(rel)).expect("manifest");
        toml::from_str(&text).expect("a manifest parses")
    };
    let deps = |t: &toml::Table, table: &str| -> Vec<String> {
        t.get(table)
            .and_then(|d| d.as_table())
            .map(|d| d.keys().cloned().collect())
            .unwrap_or_default()
    };
    let linter = manifest("crates/qalint_linter/Cargo.toml");
    let workspace = manifest("crates/qalint_workspace/Cargo.toml");
    let server = manifest("crates/qalint_server/Cargo.toml");
    let wasm = manifest("crates/qalint_wasm/Cargo.toml");
    let cli = manifest("Cargo.toml");
    let ours = |t: &toml::Table| -> Vec<String> {
        deps(t, "dependencies")
            .into_iter()
            .filter(|d| d.starts_with("qalint"))
            .collect()
    };
    // The linter (the core) sits on nothing of qalint's; the WebAssembly module on it alone
    // (no disk, no workspace); the workspace on it; the language server on the workspace.
    assert!(ours(&linter).is_empty(), "{:?}", ours(&linter));
    assert_eq!(ours(&wasm), ["qalint_linter"]);
    assert_eq!(ours(&workspace), ["qalint_linter"]);
    assert_eq!(ours(&server), ["qalint_workspace"]);
    assert!(!deps(&cli, "dependencies").contains(&"qalint_wasm".to_string()));
    let cli_deps = deps(&cli, "dependencies");
    assert!(cli_deps.contains(&"qalint_workspace".to_string()));
    assert!(cli_deps.contains(&"qalint_server".to_string()));
    // The `internals` feature is the tests' own: no front end's build asks for it.
    for (name, t) in [
        ("workspace", &workspace),
        ("server", &server),
        ("wasm", &wasm),
        ("cli", &cli),
    ] {
        let text = toml::to_string(t.get("dependencies").expect("dependencies")).expect("toml");
        assert!(!text.contains("internals"), "{name}: {text}");
    }
    for file in rust_files(&root().join("crates/qalint_server/src")) {
        let text = std::fs::read_to_string(&file).expect("read");
        let used = imports(&text, Vec::new());
        assert!(!used.iter().any(|u| u == "cli"), "{}", file.display());
    }
}

/// The checker above is no stub: it sees the imports of every form, and none in test items.
#[test]
fn imports_of_every_form_are_seen() {
    let code = "use crate::a::B;\n\
        use crate::{c, d::{e::F, G}};\n\
        use super::super::h::I;\n\
        use super::sibling;\n\
        use crate as q;\n\
        use q::j;\n\
        fn f() { let x = crate::k::f(); let y = matches!(x, crate::l::M); }\n\
        mod inner { use super::super::n; }\n\
        #[cfg(test)]\nmod tests { use crate::t; }\n\
        #[cfg(test)]\nfn helper() { crate::u::f(); }\n\
        mod late { use crate::o; }\n";
    let found = imports(code, vec!["engine".into(), "check".into()]);
    assert_eq!(
        found,
        ["a", "c", "d", "d", "h", "engine", "j", "k", "l", "engine", "o"]
    );
}

#[test]
fn no_room_over_400_lines_without_a_reason() {
    let mut long = Vec::new();
    // The program's sources; a test file is a list of cases and may run long.
    for dir in ["src", "crates"] {
        for file in rust_files(&root().join(dir)) {
            let text = std::fs::read_to_string(&file).expect("read");
            let lines = text.lines().count();
            let head: String = text.lines().take(10).collect::<Vec<_>>().join("\n");
            if lines > 400 && !head.contains("Over 400 lines:") {
                long.push(format!("{}: {lines} lines", file.display()));
            }
        }
    }
    assert!(long.is_empty(), "{long:#?}");
}
