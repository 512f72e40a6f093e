//! Collections, as Nuxt Content v3 declares them in `content.config.ts`: which source files
//! are Q&A pages (the page schema and every rule) and which are pages of another kind (their
//! own schema, or none). Read from the site's own `content.config.ts` through qalint's Nuxt
//! module (the workspace's `nuxt_record`), or declared as `[[collection]]` tables in `qalint.toml`, which win;
//! without either, every page is a Q&A page.

pub mod source_schema;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::filter::FileFilter;
use crate::schema::PageSchema;

/// How a collection's pages are checked.
#[derive(Clone)]
pub enum CollectionSchema {
    /// Q&A pages: every rule, and this schema (none: the project's page schema).
    Qa(Option<Arc<PageSchema>>),
    /// Pages with a schema of their own: that schema, and no Q&A rule.
    File(Arc<PageSchema>),
    /// Pages checked for nothing but being readable.
    None,
}

impl std::fmt::Debug for CollectionSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            CollectionSchema::Qa(_) => "Qa",
            CollectionSchema::File(_) => "File",
            CollectionSchema::None => "None",
        })
    }
}

#[derive(Debug, Clone)]
pub struct Collection {
    pub name: String,
    pub filter: FileFilter,
    pub schema: CollectionSchema,
    /// A page collection's schema for its YAML, JSON and CSV pages, when it differs from its
    /// Markdown pages' (Nuxt derives no description for them).
    pub data_pages: Option<Arc<PageSchema>>,
    /// Where its pages' paths come from, when Nuxt says (a source's folder and prefix).
    pub paths: Option<PathBase>,
    /// The schema of its pages as a build writes them into `_payload.json` (the source
    /// schema and the keys the build adds), when Nuxt says.
    pub payload: Option<Arc<PageSchema>>,
    /// A data collection (`type: 'data'`): its YAML, JSON and CSV files are its items too.
    pub data: bool,
    /// Its source is one CSV file, of which Nuxt Content makes every row an item.
    pub csv_rows: bool,
}

/// The collection a built page belongs to: Nuxt Content's `id` starts with its name.
pub fn collection_of_built<'a>(
    collections: &'a [Collection],
    page: &serde_json::Value,
) -> Option<&'a Collection> {
    let id = page.get("id")?.as_str()?;
    let name = id.split('/').next()?;
    collections.iter().find(|c| c.name == name)
}

/// A Nuxt source's pages have the path of their file below `dir`, after `prefix`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathBase {
    pub dir: PathBuf,
    pub prefix: String,
}

/// The collection a source file belongs to: the first that includes it. `Some(None)` when
/// collections are declared and none holds the file (it is no page, as for Nuxt).
pub fn collection_of<'a>(
    collections: &'a [Collection],
    file: &Path,
) -> Option<Option<&'a Collection>> {
    if collections.is_empty() {
        return None;
    }
    Some(collections.iter().find(|c| c.filter.allows(file)))
}
