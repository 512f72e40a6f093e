//! qalint's collections from a Nuxt site's record: one per source of each collection, with
//! the schemas its source files are checked against.

use std::sync::Arc;

use super::Site;
use crate::collections::source_schema::{self, Derived};
use crate::collections::{Collection, CollectionSchema, PathBase};
use crate::filter::{FileFilter, Globs};
use crate::schema::PageSchema;

/// Files Nuxt Content never reads, whatever a source says (its `getExcludedSourcePaths`).
const NEVER_READ: [&str; 6] = [
    "**/.DS_Store",
    "**/*.tmp",
    "**/*.tmp.*",
    "**/*~",
    "**/.#*",
    "**/~*",
];

/// One collection of qalint's per source: its files, its schema for source files, and
/// whether the Q&A rules run on it (its items have `questions`).
pub(super) fn collections(site: &Site) -> Result<Vec<Collection>, String> {
    let mut out = Vec::new();
    for c in &site.collections {
        let page = match c.kind.as_str() {
            "page" => true,
            "data" => false,
            other => return Err(format!("collection `{}`: unknown type `{other}`", c.name)),
        };
        let derived = match page {
            true => Derived::MarkdownPage,
            false => Derived::Nothing,
        };
        let raw = source_schema::for_source_files(&c.schema, derived)
            .map_err(|e| format!("collection `{}`: {e}", c.name))?;
        // A data collection's items are no Q&A pages, whatever its fields.
        let qa = page && source_schema::is_qa(&raw);
        let text = raw.to_string();
        let name = format!("collection `{}`'s schema", c.name);
        // Nuxt Content keeps a key its schema does not declare: the undeclared-key rule's.
        let compiled = Arc::new(PageSchema::from_text(&text, &name)?.keeping_undeclared_keys());
        let data_pages = match page {
            true => {
                let raw = source_schema::for_source_files(&c.schema, Derived::DataPage)
                    .map_err(|e| format!("collection `{}`: {e}", c.name))?;
                let compiled = PageSchema::from_text(&raw.to_string(), &name)?;
                Some(Arc::new(compiled.keeping_undeclared_keys()))
            }
            false => None,
        };
        let built = source_schema::for_built_pages(raw).to_string();
        let payload = PageSchema::from_text(&built, &format!("{name} of built pages"))?;
        let payload = Some(Arc::new(payload));
        for source in &c.sources {
            let include = Globs::new_nuxt(&source.cwd, std::slice::from_ref(&source.include))
                .map_err(|e| format!("collection `{}`: {e}", c.name))?;
            let mut exclude = source.exclude.clone();
            exclude.extend(NEVER_READ.map(String::from));
            let exclude = Globs::new_nuxt(&source.cwd, &exclude)
                .map_err(|e| format!("collection `{}`: {e}", c.name))?;
            let fixed = source
                .include
                .split('*')
                .next()
                .filter(|_| source.include.contains('*'));
            let paths = PathBase {
                dir: source.cwd.join(fixed.unwrap_or("")),
                prefix: source.prefix.clone().unwrap_or_default(),
            };
            out.push(Collection {
                name: c.name.clone(),
                filter: FileFilter {
                    include: Some(include),
                    exclude: Some(exclude),
                },
                schema: match qa {
                    true => CollectionSchema::Qa(Some(compiled.clone())),
                    false => CollectionSchema::File(compiled.clone()),
                },
                data_pages: data_pages.clone(),
                paths: Some(paths),
                payload: payload.clone(),
                data: !page,
                csv_rows: source.include.ends_with(".csv") && !source.include.contains('*'),
            });
        }
    }
    Ok(out)
}
