//! Which files of a Nuxt Content site are checked is decided as Nuxt Content decides which
//! files a collection holds (its globs with `dot: true`, no `.gitignore`): pages in dot-folders,
//! pages in a folder git ignores, and a page collection's YAML and JSON pages
//! (`.navigation.yml`, a landing `index.yml`) are checked. Outside a Nuxt site, qalint's own
//! walk stands (hidden folders and `.gitignore` honoured).

use crate::common::{qalint_as_user as qalint, record_collections, stderr, stdout, write_files};

const FILES: &[(&str, &str)] = &[
    ("content/guide.md", "---\ntitle: Guide\ntags: [a]\n---\n"),
    (
        "content/.hidden/secret.md",
        "---\ntitle: Secret\ntags: a\n---\n",
    ),
    ("content/drafts/wip.md", "---\ntitle: Draft\n---\n"),
    ("content/.navigation.yml", "title: 5\ntags: [a]\n"),
    ("content/index.yml", "title: Home\ntags: [a]\n"),
    (
        "content/data.json",
        "{\n  \"title\": \"Data\",\n  \"tags\": \"a\"\n}\n",
    ),
    (".gitignore", "content/drafts/\n"),
];

/// A site whose page collection `docs` holds every file below content/, recorded as the Nuxt
/// module records it; without `nuxt`, the same files and no site at all.
fn site(nuxt: bool) -> (tempfile::TempDir, tempfile::TempDir) {
    site_with_source(nuxt, "content", "**")
}

/// [`site`] whose collection's source is `include` below `cwd` (relative to the site).
fn site_with_source(
    nuxt: bool,
    cwd: &str,
    include: &str,
) -> (tempfile::TempDir, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = tempfile::tempdir().expect("temp dir");
    let root = std::fs::canonicalize(dir.path()).expect("root");
    std::fs::create_dir(root.join(".git")).expect("a work tree");
    write_files(&root, FILES);
    if !nuxt {
        return (dir, home);
    }
    write_files(
        &root,
        &[
            ("nuxt.config.ts", "export default defineNuxtConfig({})\n"),
            ("content.config.ts", "// the site's collections\n"),
        ],
    );
    let record = serde_json::json!({
        "nuxtContent": "3.16.1",
        "configFiles": [root.join("content.config.ts")],
        "collections": [{
            "name": "docs", "type": "page",
            "sources": [{ "cwd": root.join(cwd), "include": include, "exclude": [], "prefix": "/" }],
            "schema": {
                "$ref": "#/definitions/__SCHEMA__",
                "definitions": { "__SCHEMA__": {
                    "type": "object",
                    "properties": {
                        "title": { "type": "string" },
                        "tags": { "type": "array", "items": { "type": "string" } }
                    },
                    "required": ["title", "tags"]
                } }
            }
        }]
    });
    let o = record_collections(&root, &root, home.path(), &record.to_string());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    (dir, home)
}

const SERVED: &str =
    "content/.hidden/secret.md:3:7: QA001 [schema] tags: expected a list, found a string\n\
     content/.navigation.yml:1:8: QA001 [schema] title: expected a string, found an integer\n\
     content/data.json:3:11: QA001 [schema] tags: expected a list, found a string\n\
     content/drafts/wip.md:2:1: QA001 [schema] missing required key \"tags\"\n";

#[test]
fn every_file_nuxt_content_serves_is_checked_dot_folders_ignored_folders_and_yaml_pages() {
    let (dir, home) = site(true);
    let o = qalint(dir.path(), home.path(), &["--format", "concise", "--quiet"]);
    assert_eq!(stdout(&o), SERVED, "{}", stderr(&o));
    assert_eq!(o.status.code(), Some(1));
    // The same from the content folder named on the command line.
    let o = qalint(
        dir.path(),
        home.path(),
        &["--format", "concise", "--quiet", "content"],
    );
    assert_eq!(stdout(&o), SERVED, "{}", stderr(&o));
}

#[test]
fn outside_a_nuxt_site_hidden_and_ignored_folders_stay_unwalked() {
    let (dir, home) = site(false);
    let o = qalint(
        dir.path(),
        home.path(),
        &["--format", "concise", "--select", "QA000"],
    );
    // guide.md alone: the dot-folder and the ignored folder are not walked, and no YAML or
    // JSON file is a page without a collection that holds it.
    assert_eq!(stdout(&o), "");
    assert!(
        stderr(&o).contains("All checks passed (1 file checked)."),
        "{}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn a_source_at_the_site_s_top_never_walks_into_node_modules_or_git() {
    let (dir, home) = site_with_source(true, ".", "**/*.md");
    write_files(
        dir.path(),
        &[
            ("node_modules/pkg/README.md", "---\ntitle: 5\n---\n"),
            (".git/info/notes.md", "---\ntitle: 5\n---\n"),
            ("docs/.hidden/page.md", "---\ntitle: 5\ntags: [a]\n---\n"),
        ],
    );
    let o = qalint(
        dir.path(),
        home.path(),
        &["--format", "concise", "--quiet", "--select", "QA001"],
    );
    let out = stdout(&o);
    assert!(out.contains("docs/.hidden/page.md:2:8: QA001"), "{out}");
    assert!(
        !out.contains("node_modules") && !out.contains(".git/"),
        "{out}"
    );
}

#[test]
fn show_files_lists_what_nuxt_content_serves() {
    let (dir, home) = site(true);
    let o = qalint(dir.path(), home.path(), &["--show-files"]);
    assert_eq!(
        stdout(&o),
        "content/.hidden/secret.md\ncontent/.navigation.yml\ncontent/data.json\n\
         content/drafts/wip.md\ncontent/guide.md\ncontent/index.yml\n",
        "{}",
        stderr(&o)
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "--show-files lists, it does not judge"
    );
    // Outside a Nuxt site: qalint's own walk.
    let (dir, home) = site(false);
    let o = qalint(dir.path(), home.path(), &["--show-files"]);
    assert_eq!(stdout(&o), "content/guide.md\n", "{}", stderr(&o));
}

/// The Nuxt DevTools tab groups findings by collection: the binary says which serves a file.
#[test]
fn show_files_as_json_names_each_file_s_collection() {
    let (dir, home) = site(true);
    let o = qalint(
        dir.path(),
        home.path(),
        &["--show-files", "--format", "json"],
    );
    let files: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("JSON");
    let docs = |file: &str| serde_json::json!({ "file": file, "collection": "docs" });
    assert_eq!(
        files,
        serde_json::json!([
            docs("content/.hidden/secret.md"),
            docs("content/.navigation.yml"),
            docs("content/data.json"),
            docs("content/drafts/wip.md"),
            docs("content/guide.md"),
            docs("content/index.yml"),
        ]),
        "{}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(0));
    // Outside a Nuxt site no collection serves a page.
    let (dir, home) = site(false);
    let o = qalint(
        dir.path(),
        home.path(),
        &["--show-files", "--format", "json"],
    );
    assert_eq!(
        stdout(&o),
        "[\n  {\n    \"collection\": null,\n    \"file\": \"content/guide.md\"\n  }\n]\n"
    );
}

/// Nuxt's page schema requires a description; Nuxt Content derives one from a Markdown page's
/// first paragraph, but a YAML or JSON page (a `.navigation.yml`) must state it: stored without
/// one, the item has null where its type says a string (as Nuxt Content 3.16 stores it).
#[test]
fn a_yaml_page_states_the_description_a_markdown_page_may_leave_to_nuxt() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = tempfile::tempdir().expect("temp dir");
    let root = std::fs::canonicalize(dir.path()).expect("root");
    std::fs::create_dir(root.join(".git")).expect("a work tree");
    write_files(
        &root,
        &[
            ("nuxt.config.ts", "export default defineNuxtConfig({})\n"),
            ("content.config.ts", "// the site's collections\n"),
            (
                "content/guide/.navigation.yml",
                "title: Guide\nicon: i-book\n",
            ),
            (
                "content/guide/index.md",
                "---\ntitle: Guide\n---\n\nFirst words.\n",
            ),
            (
                "content/about.yml",
                "title: About\ndescription: Who we are\n",
            ),
        ],
    );
    let string = serde_json::json!({ "type": "string" });
    let record = serde_json::json!({
        "nuxtContent": "3.16.1",
        "configFiles": [root.join("content.config.ts")],
        "collections": [{
            "name": "docs", "type": "page",
            "sources": [{ "cwd": root.join("content"), "include": "**", "exclude": [], "prefix": "/" }],
            "schema": {
                "$ref": "#/definitions/__SCHEMA__",
                "definitions": { "__SCHEMA__": {
                    "type": "object",
                    "properties": {
                        "path": string, "title": string, "description": string,
                        "body": { "type": "object" }, "icon": string
                    },
                    "required": ["path", "title", "description", "body"]
                } }
            }
        }]
    });
    let o = record_collections(&root, &root, home.path(), &record.to_string());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = qalint(dir.path(), home.path(), &["--format", "concise", "--quiet"]);
    assert_eq!(
        stdout(&o),
        "content/guide/.navigation.yml:1:1: QA001 [schema] missing required key \"description\"\n",
        "{}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(1));
}

/// A source that reads every file of the site (`**` at its top): the cache, which Nuxt Content
/// would parse as pages there, goes to the user's own cache folder instead.
#[test]
fn the_cache_never_lands_where_a_collection_reads_everything() {
    let (dir, home) = site_with_source(true, ".", "**");
    let mut cmd = crate::common::command(dir.path(), &["--format", "concise", "--quiet"]);
    cmd.env_remove("QALINT_NO_CACHE")
        .env("XDG_CACHE_HOME", home.path());
    let o = crate::common::run_limited(cmd);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(!dir.path().join(".qalint_cache").exists());
    let projects = home.path().join("qalint/projects");
    let kept: Vec<_> = std::fs::read_dir(&projects)
        .expect("the user's cache folder holds the project's")
        .flatten()
        .map(|e| {
            e.path()
                .join(concat!("v", env!("CARGO_PKG_VERSION"), ".bin"))
        })
        .collect();
    assert!(kept.len() == 1 && kept[0].is_file(), "{kept:?}");
    // With a source below the site, the cache stays at the site's top.
    let (dir, home) = site_with_source(true, "content", "**");
    let mut cmd = crate::common::command(dir.path(), &["--format", "concise", "--quiet"]);
    cmd.env_remove("QALINT_NO_CACHE")
        .env("XDG_CACHE_HOME", home.path());
    crate::common::run_limited(cmd);
    assert!(dir.path().join(".qalint_cache").is_dir());
}
