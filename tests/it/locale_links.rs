//! A site with one page collection per locale (as `@nuxtjs/i18n` sites write them: the same
//! paths in each) queries each locale's collection on its own: a page's link resolves within
//! its own locale, so a link to a page that only another locale has is reported. Links into an
//! unrelated page collection (the docs from a blog) still resolve across collections.

use crate::common::{qalint_as_user as qalint, record_collections, stderr, stdout, write_files};

fn page(related: &[&str]) -> String {
    let links: String = related.iter().map(|r| format!("  - {r}\n")).collect();
    format!("---\ntitle: A page\nrelated:\n{links}questions:\n  - id: q\n    q: Why?\n---\n")
}

#[test]
fn a_link_resolves_in_its_own_locale_and_across_unrelated_collections() {
    let dir = tempfile::tempdir().expect("temp dir");
    let home = tempfile::tempdir().expect("temp dir");
    let root = std::fs::canonicalize(dir.path()).expect("root");
    std::fs::create_dir(root.join(".git")).expect("a work tree");
    let a = page(&[
        "/python/shared",
        "/python/french-only",
        "/docs/guide",
        "/python/nowhere",
    ]);
    let shared = page(&[]);
    write_files(
        &root,
        &[
            ("nuxt.config.ts", "export default defineNuxtConfig({})\n"),
            ("content.config.ts", "// the site's collections\n"),
            ("content/en/python/a.md", &a),
            ("content/en/python/shared.md", &shared),
            ("content/fr/python/shared.md", &shared),
            ("content/fr/python/french-only.md", &shared),
            ("content/docs/guide.md", &shared),
        ],
    );
    let schema = serde_json::json!({
        "$ref": "#/definitions/__SCHEMA__",
        "definitions": { "__SCHEMA__": {
            "type": "object",
            "properties": {
                "title": { "type": "string" },
                "related": { "type": "array", "items": { "type": "string" } },
                "questions": { "type": "array" }
            },
            "required": ["questions"]
        } }
    });
    let collection = |name: &str, include: &str, prefix: &str| {
        serde_json::json!({
            "name": name, "type": "page", "schema": schema,
            "sources": [{ "cwd": root.join("content"), "include": include, "exclude": [], "prefix": prefix }]
        })
    };
    let record = serde_json::json!({
        "nuxtContent": "3.16.1",
        "configFiles": [root.join("content.config.ts")],
        "collections": [
            collection("content_en", "en/**/*.md", ""),
            collection("content_fr", "fr/**/*.md", ""),
            collection("docs", "docs/**/*.md", "/docs"),
        ]
    });
    let o = record_collections(&root, &root, home.path(), &record.to_string());
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = qalint(
        &root,
        home.path(),
        &["--format", "concise", "--select", "QA004"],
    );
    assert_eq!(
        stdout(&o),
        "content/en/python/a.md:5:5: QA004 [broken-sibling-path] /python/french-only is a page of collection `content_fr` only: this page's collection `content_en` has none\n\
         content/en/python/a.md:7:5: QA004 [broken-sibling-path] /python/nowhere is not the path of any page\n",
        "{}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(1));
}
