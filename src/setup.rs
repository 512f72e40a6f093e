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
    if settings.collections.is_empty()
        && settings.schema.is_none()
        && overrides.schema.is_none()
        && !overrides.builtin_schema
    {
        nuxt_collections(cwd, &root, &mut settings, &mut warnings)?;
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

/// Reads `.nuxt/qalint/collections.json` of the nearest Nuxt site, from `cwd` up to the project
/// root (a Nuxt site may be a folder of a larger repository). In a Nuxt Content site (its
/// `content.config.*` beside `nuxt.config.*`) a record that is missing or not believable stops
/// the run: its pages follow its own schema, and guessing another would report false problems
/// (and `--fix` would write Q&A keys into them). Elsewhere what is wrong is a warning.
fn nuxt_collections(
    cwd: &Path,
    root: &Path,
    settings: &mut Settings,
    warnings: &mut Vec<String>,
) -> Result<(), String> {
    let Some(site) = cwd
        .ancestors()
        .take_while(|d| d.starts_with(root))
        .find(|d| std::fs::symlink_metadata(d.join(nuxt::FILE)).is_ok() || nuxt_content_site(d))
    else {
        return Ok(());
    };
    let strict = nuxt_content_site(site);
    let loaded = crate::key::user_key()
        .map_err(|e| format!("{}: not read: {e}", site.join(nuxt::FILE).display()))
        .and_then(|key| nuxt::load(site, &key));
    let why = match loaded {
        Ok(Some(loaded)) => {
            settings.collections = loaded.collections;
            settings.fingerprint = crate::settings::mix(settings.fingerprint, &loaded.body);
            warnings.extend(loaded.warnings);
            return Ok(());
        }
        Ok(None) => format!(
            "{} is a Nuxt Content site whose collections were never recorded",
            site.display()
        ),
        Err(e) => e,
    };
    if !strict {
        warnings.push(why);
        return Ok(());
    }
    Err(format!(
        "{why}.\nIts pages follow its own content.config, which qalint reads from the record \
         `nuxi prepare` writes (with @qalint/nuxt in its modules; `npm ci` runs it on postinstall): \
         run `npx nuxi prepare` in {}, or pass --builtin-schema to check qalint's built-in Q&A \
         schema instead",
        site.display()
    ))
}

/// A Nuxt Content site: `nuxt.config.*` and `content.config.*` side by side.
fn nuxt_content_site(dir: &Path) -> bool {
    let any = |names: [&str; 4]| names.iter().any(|n| dir.join(n).is_file());
    any(NUXT_CONFIGS)
        && any([
            "content.config.ts",
            "content.config.js",
            "content.config.mjs",
            "content.config.mts",
        ])
}

const NUXT_CONFIGS: [&str; 4] = [
    "nuxt.config.ts",
    "nuxt.config.js",
    "nuxt.config.mjs",
    "nuxt.config.mts",
];

/// In a Nuxt site (a `nuxt.config.*` at the project root) only its content folder holds
/// pages, as Nuxt Content's default collection says (`**/*` below `content/`), even before
/// `nuxi prepare` records the site's own collections: a `docs/contributing.md` with
/// frontmatter is no Q&A page. `qalint.toml`'s collections, `include` or `content` decide
/// otherwise.
fn nuxt_content_only(root: &Path, settings: &mut Settings) {
    if !settings.collections.is_empty()
        || settings.filter.include.is_some()
        || !NUXT_CONFIGS.iter().any(|c| root.join(c).is_file())
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
