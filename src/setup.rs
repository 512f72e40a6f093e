//! Building a [`Linter`] for a folder: its project root, its `qalint.toml` files and the
//! command line's overrides. The CLI and the language server start the same way.

use std::path::{Path, PathBuf};

use crate::collections::{nuxt, Collection, CollectionSchema};
use crate::config::{self, Config, ConfigTree, Overrides};
use crate::engine::Linter;
use crate::filter::{FileFilter, Globs};
use crate::project::{self, ConfigIn};
use crate::schema::PageSchema;
use crate::settings::Settings;

/// Which `qalint.toml` files apply.
#[derive(Debug, Clone)]
pub enum ConfigChoice {
    /// The project's, nested files refining it (the default).
    Cascade,
    /// This one file for every page (`--config FILE`).
    File(PathBuf),
    /// None (`--isolated`).
    Isolated,
}

/// The linter for work started in `cwd` (canonical).
pub fn linter(
    cwd: &Path,
    choice: &ConfigChoice,
    overrides: Overrides,
    keep_digests: bool,
) -> Result<Linter, String> {
    let mut warnings = Vec::new();
    let root = project::project_root_noting(cwd, &mut warnings);
    let config = match choice {
        ConfigChoice::Isolated => Config::default(),
        ConfigChoice::File(path) => config::load(path)?,
        ConfigChoice::Cascade => match project::config_in(&root) {
            ConfigIn::File(path) => config::load(&path)?,
            ConfigIn::None | ConfigIn::Refused(_) => Config::default(),
        },
    };
    let mut settings = config.settings;
    // The site's own collections (content.config.ts, through qalint's Nuxt module), unless
    // qalint.toml says which files are pages or which schema they follow.
    if settings.collections.is_empty() && settings.schema.is_none() && overrides.schema.is_none() {
        nuxt_collections(cwd, &root, &mut settings, &mut warnings);
    }
    nuxt_content_only(&root, &mut settings);
    overrides.apply(&mut settings);
    let config_tree = match choice {
        ConfigChoice::Cascade => ConfigTree::cascading(&root, overrides, warnings),
        _ => ConfigTree::default(),
    };
    Ok(Linter {
        schema: PageSchema::embedded()?,
        settings,
        config: config_tree,
        root,
        keep_digests,
        cache: None,
    })
}

/// Reads `.nuxt/qalint/collections.json` from the nearest folder that has one, from `cwd` up
/// to the project root (a Nuxt site may be a folder of a larger repository). What is wrong with
/// it is a warning: the built-in schema then stands.
fn nuxt_collections(cwd: &Path, root: &Path, settings: &mut Settings, warnings: &mut Vec<String>) {
    let Some(site) = cwd
        .ancestors()
        .take_while(|d| d.starts_with(root))
        .find(|d| std::fs::symlink_metadata(d.join(nuxt::FILE)).is_ok())
    else {
        return;
    };
    let key = match crate::key::user_key() {
        Ok(key) => key,
        Err(e) => {
            warnings.push(format!(
                "{}: not read: {e}",
                site.join(nuxt::FILE).display()
            ));
            return;
        }
    };
    match nuxt::load(site, &key) {
        Ok(Some(loaded)) => {
            settings.collections = loaded.collections;
            settings.fingerprint = crate::settings::mix(settings.fingerprint, &loaded.body);
            warnings.extend(loaded.warnings);
        }
        Ok(None) => {}
        Err(e) => warnings.push(e),
    }
}

/// In a Nuxt site (a `nuxt.config.*` at the project root) only its content folder holds
/// pages, as Nuxt Content's default collection says (`**/*` below `content/`), even before
/// `nuxi prepare` records the site's own collections: a `docs/contributing.md` with
/// frontmatter is no Q&A page. `qalint.toml`'s collections, `include` or `content` decide
/// otherwise.
fn nuxt_content_only(root: &Path, settings: &mut Settings) {
    const CONFIGS: [&str; 4] = [
        "nuxt.config.ts",
        "nuxt.config.js",
        "nuxt.config.mjs",
        "nuxt.config.mts",
    ];
    if !settings.collections.is_empty()
        || settings.filter.include.is_some()
        || !CONFIGS.iter().any(|c| root.join(c).is_file())
    {
        return;
    }
    let content = settings
        .content_dir
        .clone()
        .unwrap_or_else(|| root.join("content"));
    let Ok(include) = Globs::new_nuxt(&content, &["**/*".to_string()]) else {
        return;
    };
    settings.collections.push(Collection {
        name: "content".into(),
        filter: FileFilter {
            include: Some(include),
            exclude: None,
        },
        schema: CollectionSchema::Qa(None),
        paths: None,
    });
    let part = format!("nuxt content {}", content.display());
    settings.fingerprint = crate::settings::mix(settings.fingerprint, part.as_bytes());
}
