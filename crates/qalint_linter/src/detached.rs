//! A workspace over no folder: one page's text checked and fixed with settings given as text
//! (a `qalint.toml`) and, optionally, a collection's JSON Schema as text. Nothing is read from
//! or written to disk, so it runs where there is none (WebAssembly: `crates/qalint_wasm`, the
//! docs' playground). Only the rules of one file run: the cross-file rules (order gaps,
//! broken links) need the site.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::check;
use crate::config::{self, NoFiles};
use crate::finding::Finding;
use crate::fix::FileFix;
use crate::load::FileKind;
use crate::report::{self, Format, Sources, Style};
use crate::schema::PageSchema;
use crate::settings::Settings;
use crate::source::SourceFile;

/// Where a detached page lives: its path is shown relative to this (`content/a/b.md`).
const ROOT: &str = "/";

pub struct Detached {
    settings: Settings,
    /// The page schema (the embedded one): a collection's own, if given, is in `settings`.
    schema: PageSchema,
}

impl Detached {
    /// `config`: a `qalint.toml`'s text; `schema`: a JSON Schema's text, as `--schema` takes.
    /// A `schema = "file"` in `config` is refused: there are no files.
    pub fn new(config: Option<&str>, schema: Option<&str>) -> Result<Detached, String> {
        let root = PathBuf::from(ROOT);
        let mut settings = match config {
            Some(text) => {
                config::parse(&root.join(config::CONFIG_FILE), text, &root, &NoFiles)?.settings
            }
            None => Settings::default(),
        };
        if let Some(text) = schema {
            settings.pages.schema = Some(Arc::new(PageSchema::from_text(text, "schema.json")?));
        }
        Ok(Detached {
            settings,
            schema: PageSchema::embedded()?,
        })
    }

    /// Checks `src` as a file of kind `kind` with this workspace's settings.
    fn check_text(&self, src: SourceFile, kind: FileKind) -> crate::file_result::FileResult {
        check::check_text(src, kind, &self.settings, &self.schema, false, true)
    }

    fn path(relative: &str) -> Arc<PathBuf> {
        Arc::new(Path::new(ROOT).join(relative.trim_start_matches('/')))
    }

    /// The findings of the page `text` at `path` (relative: `content/python/basics/a.md`),
    /// in output order, its own `# qalint: ignore` comments applied.
    pub fn check(&self, path: &str, text: &str) -> Vec<Finding> {
        self.check_page(path, text).0
    }

    /// [`Self::check`], and whether the file holds a page at all (a Markdown file without
    /// frontmatter holds none).
    pub fn check_page(&self, path: &str, text: &str) -> (Vec<Finding>, bool) {
        let path = Self::path(path);
        let kind = FileKind::of(&path).unwrap_or(FileKind::Markdown);
        let mut result = self.check_text(SourceFile::new(path.as_path(), text.to_string()), kind);
        if let Some(s) = result.suppressions.take() {
            crate::suppress::apply(&mut result.findings, &mut [s]);
        }
        let holds_page = !result.facts.is_empty() || !result.findings.is_empty();
        (result.findings, holds_page)
    }

    /// [`Self::check_page`] of a file's bytes: one that is not UTF-8 is a finding at its first
    /// bad byte, as the command line says it. Also gives the text the findings are shown in.
    pub fn check_bytes(&self, path: &str, bytes: Vec<u8>) -> (Vec<Finding>, bool, String) {
        match crate::load::text_of(bytes) {
            Ok(text) => {
                let (findings, holds_page) = self.check_page(path, &text);
                (findings, holds_page, text)
            }
            Err(mut e) => {
                let text = e.text.take().unwrap_or_default();
                let file = Self::path(path);
                let src = SourceFile::new(file.as_path(), text.clone());
                let result = check::invalid(&src, &file, e, &self.settings, true);
                (result.findings, true, text)
            }
        }
    }

    /// `findings` of the page `text` as `qalint --format json` writes them.
    pub fn json(&self, text: &str, findings: &[Finding], unsafe_fixes: bool) -> String {
        let path = findings.first().map(|f| f.file.as_path());
        let mut sources = Sources::default();
        if let Some(path) = path {
            sources.insert(SourceFile::new(path, text.to_string()));
        }
        Self::write(findings, Format::Json, unsafe_fixes, &mut sources)
    }

    /// `findings` of the `pages` (path and text, as [`Self::check`] took them), in output
    /// order, as `qalint --format <format>` writes them.
    pub fn render(
        &self,
        pages: &[(&str, &str)],
        findings: &[Finding],
        format: Format,
        unsafe_fixes: bool,
    ) -> String {
        let mut sources = Sources::default();
        for (path, text) in pages {
            sources.insert(SourceFile::new(
                Self::path(path).as_path(),
                text.to_string(),
            ));
        }
        Self::write(findings, format, unsafe_fixes, &mut sources)
    }

    fn write(
        findings: &[Finding],
        format: Format,
        unsafe_fixes: bool,
        sources: &mut Sources,
    ) -> String {
        let style = Style {
            cwd: PathBuf::from(ROOT),
            color: false,
            unsafe_fixes,
        };
        let mut out = Vec::new();
        // Writing into memory cannot fail.
        let _ = report::write(findings, format, &style, sources, &mut out);
        String::from_utf8_lossy(&out).into_owned()
    }

    /// The page fixed as `--fix` fixes it (`--unsafe-fixes` too with `unsafe_fixes`): the same
    /// rounds and re-parse guard. `None` when no fix applies.
    pub fn fix(&self, path: &str, text: &str, unsafe_fixes: bool) -> Option<FileFix> {
        let findings = self.check(path, text);
        crate::fix::fix_buffer_with(
            &|src, kind| self.check_text(src, kind),
            &findings,
            &Self::path(path),
            text,
            unsafe_fixes,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "---\ntitle: Loops\ndescription: \"Loops.\"\nframework: Python\n\
        frameworkSlug: python\ntopic: Basics\ntopicSlug: basics\nsubtopic: Loops\n\
        difficulty: Hard\norder: 1\nupdated: 2026-06-18\nseoDescription: \"Loops.\"\n\
        questions:\n  - id: for\n    difficulty: easy\n    q: For?\n    a: A loop.\n---\n";

    #[test]
    fn a_page_is_checked_and_fixed_without_a_disk() {
        let ws = Detached::new(None, None).expect("workspace");
        let findings = ws.check("content/python/basics/loops.md", PAGE);
        let codes: Vec<&str> = findings.iter().map(|f| f.rule.code).collect();
        assert_eq!(codes, ["QA003"]);
        let json = ws.json(PAGE, &findings, false);
        assert!(
            json.contains("\"file\": \"content/python/basics/loops.md\""),
            "{json}"
        );
        assert!(json.contains("\"line\": 9,\n    \"column\": 13"), "{json}");
        let fixed = ws
            .fix("content/python/basics/loops.md", PAGE, false)
            .expect("a fix");
        assert_eq!(
            fixed.fixed,
            PAGE.replace("difficulty: Hard", "difficulty: hard")
        );
        assert!(fixed.error.is_none());
    }

    #[test]
    fn settings_and_a_schema_are_given_as_text() {
        let ws = Detached::new(Some("ignore = [\"QA003\"]\n"), None).expect("workspace");
        assert!(ws.check("content/python/basics/loops.md", PAGE).is_empty());
        let err = Detached::new(Some("schema = \"s.json\"\n"), None).err();
        assert_eq!(
            err.as_deref(),
            Some("/qalint.toml:1:1: `schema = \"s.json\"` names a file, and there are no files here: give the schema's text instead")
        );
        let collection = "[[collection]]\nname = \"a\"\ninclude = [\"**\"]\nschema = \"a.json\"\n";
        let err = Detached::new(Some(collection), None).err();
        assert!(err.is_some_and(|e| e.contains("`schema = \"a.json\"` names a file")));
        let schema = r#"{"type":"object","required":["title","author"]}"#;
        let ws = Detached::new(None, Some(schema)).expect("workspace");
        let findings = ws.check("content/python/basics/loops.md", PAGE);
        assert!(
            findings.iter().any(|f| f.message.contains("author")),
            "{findings:?}"
        );
    }
}
