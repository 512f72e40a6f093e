//! `qalint.toml`'s text made settings. Where the file is found, and how the schema files it
//! names are read, is the workspace's (`qalint_workspace::config`): here a [`SchemaFiles`] answers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use toml::Spanned;

mod error;
mod schema_files;

use error::at;
pub use error::SettingsError;
pub use schema_files::{NoFiles, SchemaFileError, SchemaFiles};

use crate::collections::{Collection, CollectionSchema};
use crate::filter::{FileFilter, Globs};
use crate::finding::Severity;
use crate::rules;
use crate::settings::{Level, Settings};
use crate::suggest::did_you_mean;
use std::sync::Arc;

/// The settings file's name.
pub const CONFIG_FILE: &str = "qalint.toml";

/// The keys of `qalint.toml`, for messages and suggestions.
const KEYS: [&str; 10] = [
    "root",
    "content",
    "include",
    "exclude",
    "select",
    "ignore",
    "schema",
    "rules",
    "fence-languages",
    "collection",
];

/// The keys of a `[[collection]]` table.
const COLLECTION_KEYS: [&str; 4] = ["name", "include", "exclude", "schema"];

/// Whether `span` lies in a `[[collection]]` table: the last table header before it says so.
fn in_collection(text: &str, span: Option<std::ops::Range<usize>>) -> bool {
    let at = span.map_or(0, |s| s.start).min(text.len());
    text[..at]
        .lines()
        .map(str::trim)
        .rfind(|l| l.starts_with('['))
        .is_some_and(|header| header.replace(' ', "") == "[[collection]]")
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ConfigFile {
    /// This folder is a project of its own for the cross-file rules (EditorConfig's
    /// convention); without it, a nested file refines the settings above it.
    pub root: Option<bool>,
    /// The content folder, relative to the file: page paths are derived below it.
    pub content: Option<String>,
    /// Only files matching one of these globs (relative to the project root) are checked.
    pub include: Option<Vec<String>>,
    /// Files matching one of these globs are never checked.
    pub exclude: Option<Vec<String>>,
    pub select: Option<Vec<Spanned<String>>>,
    pub ignore: Option<Vec<Spanned<String>>>,
    /// The page schema, relative to the file.
    pub schema: Option<String>,
    /// A level per rule (code or name): `error`, `warning` or `off`.
    pub rules: Option<BTreeMap<Spanned<String>, Spanned<String>>>,
    /// Framework slug → fence language, for the QA007 fix.
    pub fence_languages: Option<BTreeMap<String, String>>,
    /// `[[collection]]` tables: which files are pages of which kind.
    pub collection: Option<Vec<CollectionFile>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CollectionFile {
    pub name: String,
    /// Globs relative to the file, as for the top-level `include`.
    pub include: Vec<String>,
    pub exclude: Option<Vec<String>>,
    /// The schema of this collection's pages (a file relative to `qalint.toml`, or `"none"`);
    /// without it they are Q&A pages.
    pub schema: Option<String>,
}

/// A loaded configuration: the settings it gives (over those it refines), whether it marks
/// a project root, and the schema file it names.
#[derive(Debug, Default)]
pub struct Config {
    pub settings: Settings,
    pub root: bool,
    pub schema: Option<PathBuf>,
}

/// The default file `qalint --init` writes.
pub const DEFAULT: &str = include_str!("default.toml");

pub fn parse(
    path: &Path,
    text: &str,
    base: &Path,
    schemas: &dyn SchemaFiles,
) -> Result<Config, SettingsError> {
    parse_onto(path, text, base, Settings::default(), schemas)
}

pub fn parse_onto(
    path: &Path,
    text: &str,
    base: &Path,
    parent: Settings,
    schemas: &dyn SchemaFiles,
) -> Result<Config, SettingsError> {
    let file: ConfigFile = toml::from_str(text).map_err(|e| {
        let mut message = e.message().trim().to_string();
        let unknown = message
            .strip_prefix("unknown field `")
            .and_then(|m| m.split('`').next())
            .map(str::to_string);
        if let Some(key) = unknown {
            let key = key.as_str();
            // The keys of the table the unknown one stands in.
            let (table, keys): (&str, &[&str]) = match in_collection(text, e.span()) {
                true => (" in a [[collection]] table", &COLLECTION_KEYS),
                false => ("", &KEYS),
            };
            message = format!("unknown key `{key}`{table}");
            if let Some(near) = did_you_mean(key, keys.iter().copied()) {
                message.push_str(&format!(" — did you mean `{near}`?"));
            }
            message.push_str(&format!(" (valid keys: {})", keys.join(", ")));
        }
        at(path, text, e.span(), &message)
    })?;
    let rule = |name: &Spanned<String>| -> Result<&'static str, SettingsError> {
        match rules::find(name.get_ref()) {
            Some(r) => Ok(r.meta().code()),
            None => {
                let m = rules::unknown_selector(name.get_ref());
                Err(at(path, text, Some(name.span()), &m))
            }
        }
    };
    // Lists take selectors: codes, names, code prefixes (`QA00`) and `ALL`.
    let selectors = |list: &[Spanned<String>]| -> Result<Vec<&'static str>, SettingsError> {
        let mut out = Vec::new();
        for name in list {
            match rules::codes(name.get_ref()) {
                Some(codes) => out.extend(codes),
                None => {
                    let m = rules::unknown_selector(name.get_ref());
                    return Err(at(path, text, Some(name.span()), &m));
                }
            }
        }
        Ok(out)
    };
    // A project root starts afresh: it refines nothing above it.
    let root = file.root == Some(true);
    let mut settings = if root { Settings::default() } else { parent };
    settings.fingerprint = crate::settings::mix(
        settings.fingerprint,
        format!("{}\0{text}", path.display()).as_bytes(),
    );
    if let Some(select) = &file.select {
        settings.rules.select = Some(selectors(select)?);
    }
    if let Some(ignore) = &file.ignore {
        settings.rules.ignore = selectors(ignore)?;
    }
    for (name, level) in file.rules.iter().flatten() {
        let code = rule(name)?;
        let level = match level.get_ref().as_str() {
            "error" => Level::On(Severity::Error),
            // ESLint's and biome's word for it too.
            "warning" | "warn" => Level::On(Severity::Warning),
            "off" => Level::Off,
            other => {
                let m = format!("`{other}` is not a level: use error, warning (or warn) or off");
                return Err(at(path, text, Some(level.span()), &m));
            }
        };
        settings.rules.levels.insert(code, level);
    }
    if let Some(content) = &file.content {
        settings.pages.content_dir = Some(base.join(content));
    }
    if let Some(include) = &file.include {
        settings.pages.filter.include =
            Some(Globs::new(base, include).map_err(|e| at(path, text, None, &e))?);
    }
    if let Some(exclude) = &file.exclude {
        settings.pages.filter.exclude =
            Some(Globs::new(base, exclude).map_err(|e| at(path, text, None, &e))?);
    }
    if file.collection.is_some() {
        settings.pages.collections.clear();
    }
    for c in file.collection.iter().flatten() {
        let filter = FileFilter::new(base, &c.include, c.exclude.as_deref().unwrap_or(&[]))
            .map_err(|e| at(path, text, None, &format!("collection `{}`: {e}", c.name)))?;
        let schema = match c.schema.as_deref() {
            None => CollectionSchema::Qa(None),
            Some("none") => CollectionSchema::None,
            Some(file) => {
                // A collection of a Nuxt site, declared by hand: its site keeps a key the
                // schema does not declare, as Nuxt Content does (the undeclared-key rule's).
                let (_, schema) = schemas.read(base, file).map_err(|e| match e {
                    SchemaFileError::Refused(e) => at(path, text, None, &e),
                    SchemaFileError::Invalid(e) => {
                        at(path, text, None, &format!("collection `{}`: {e}", c.name))
                    }
                })?;
                let schema = schema.keeping_undeclared_keys();
                settings.fingerprint =
                    crate::settings::mix(settings.fingerprint, schema.raw().to_string().as_bytes());
                CollectionSchema::File(Arc::new(schema))
            }
        };
        settings.pages.collections.push(Collection {
            name: c.name.clone(),
            filter,
            schema,
            paths: None,
            data_pages: None,
            payload: None,
            data: false,
            csv_rows: false,
        });
    }
    settings
        .options
        .fence_languages
        .extend(file.fence_languages.clone().unwrap_or_default());
    let schema = match &file.schema {
        Some(s) => Some(schemas.read(base, s).map_err(|e| match e {
            SchemaFileError::Refused(e) | SchemaFileError::Invalid(e) => at(path, text, None, &e),
        })?),
        None => None,
    };
    let schema = match schema {
        Some((file, compiled)) => {
            settings.fingerprint =
                crate::settings::mix(settings.fingerprint, compiled.raw().to_string().as_bytes());
            settings.pages.schema = Some(Arc::new(compiled));
            Some(file)
        }
        None => None,
    };
    Ok(Config {
        settings,
        root,
        schema,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_key_in_a_collection_lists_the_collections_keys() {
        let e = err("[[collection]]\nname = \"qa\"\ninclude = []\nschemaa = \"x\"\n");
        assert_eq!(
            e,
            "qalint.toml:4:1: unknown key `schemaa` in a [[collection]] table — did you mean `schema`? (valid keys: name, include, exclude, schema)"
        );
    }

    fn err(text: &str) -> String {
        parse(Path::new("qalint.toml"), text, Path::new("/p"), &NoFiles)
            .expect_err("an error")
            .to_string()
    }

    #[test]
    fn the_default_file_parses() {
        let c = parse(Path::new("qalint.toml"), DEFAULT, Path::new("/p"), &NoFiles).expect("valid");
        assert!(c.settings.rules.select.is_none());
    }

    /// An error says its place as fields, for a front end to put it there.
    #[test]
    fn an_error_is_placed_by_its_fields() {
        let e = parse(
            Path::new("/p/qalint.toml"),
            "[rules]\nQA007 = \"fatal\"\n",
            Path::new("/p"),
            &NoFiles,
        )
        .expect_err("an error");
        assert_eq!(
            e,
            SettingsError::At {
                file: "/p/qalint.toml".into(),
                line: 2,
                column: 9,
                message: "`fatal` is not a level: use error, warning (or warn) or off".into(),
            }
        );
    }

    #[test]
    fn errors_name_the_line_and_the_nearest_key() {
        assert_eq!(
            err("content = \"content\"\nselct = [\"QA001\"]\n"),
            "qalint.toml:2:1: unknown key `selct` — did you mean `select`? (valid keys: root, content, include, exclude, select, ignore, schema, rules, fence-languages, collection)"
        );
        assert_eq!(
            err("[rules]\nQA007 = \"fatal\"\n"),
            "qalint.toml:2:9: `fatal` is not a level: use error, warning (or warn) or off"
        );
        assert_eq!(err("ignore = [\"unlabeled-code-fenc\"]\n"), "qalint.toml:1:11: unknown rule `unlabeled-code-fenc` — did you mean `unlabeled-code-fence`?");
        assert!(
            err("select = 3\n").starts_with("qalint.toml:1:10: invalid type"),
            "{}",
            err("select = 3\n")
        );
    }

    #[test]
    fn levels_and_lists_become_settings() {
        let text = "select = [\"QA007\", \"order-gap\"]\n[rules]\nunlabeled-code-fence = \"warning\"\nQA005 = \"off\"\n[fence-languages]\nnuxt = \"vue\"\n";
        let c = parse(Path::new("q.toml"), text, Path::new("/p"), &NoFiles).expect("valid");
        assert_eq!(c.settings.rules.select, Some(vec!["QA007", "QA005"]));
        assert_eq!(
            c.settings.rules.levels.get("QA007"),
            Some(&Level::On(Severity::Warning))
        );
        assert_eq!(c.settings.rules.levels.get("QA005"), Some(&Level::Off));
        assert_eq!(
            c.settings
                .options
                .fence_languages
                .get("nuxt")
                .map(String::as_str),
            Some("vue")
        );
    }
}
