//! Building a [`Linter`] for a folder: its project root, its `qalint.toml` files and the
//! command line's overrides. The CLI and the language server start the same way.

use std::path::{Path, PathBuf};

use crate::collections::{Collection, CollectionSchema};
use crate::config::{self, Config, ConfigTree, Overrides};
use crate::engine::Engine;
use crate::filter::{FileFilter, Globs};
use crate::nuxt_record as nuxt;
use crate::project_root::{self, ConfigIn};
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

/// The engine for work started in `cwd` (canonical).
pub fn engine(
    cwd: &Path,
    choice: &ConfigChoice,
    overrides: Overrides,
    keep_digests: bool,
) -> Result<Engine, String> {
    let mut warnings = Vec::new();
    let root = project_root::project_root_noting(cwd, &mut warnings);
    let config = match choice {
        ConfigChoice::Isolated => Config::default(),
        ConfigChoice::File(path) => config::load(path)?,
        ConfigChoice::Cascade => match project_root::config_in(&root) {
            ConfigIn::File(path) => config::load(&path)?,
            ConfigIn::None | ConfigIn::Refused(_) => Config::default(),
        },
    };
    let mut settings = config.settings;
    // The site's own collections (content.config.ts, through qalint's Nuxt module), unless
    // qalint.toml says which files are pages or which schema they follow.
    if settings.pages.collections.is_empty()
        && settings.pages.schema.is_none()
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
    Ok(Engine {
        schema: PageSchema::embedded()?,
        settings,
        config: config_tree,
        root,
        keep_digests,
        cache: None,
    })
}

/// Outside any project (no git, no `qalint.toml`, no Nuxt site at `cwd` or above), the folder
/// the named `paths` need rather than all of `cwd` (`cd ~ && qalint site/content/a.md` walked
/// the whole home folder for the cross-file rules): for each path the nearest project below
/// `cwd` that holds it (a git work tree, a `qalint.toml`, a Nuxt Content site), else its
/// nearest `content` folder (Nuxt Content's), else its own folder; then what they share.
fn narrowed(cwd: &Path, root: &Path, paths: &[PathBuf]) -> Option<PathBuf> {
    if project_root::is_marked_root(root) || nuxt::is_nuxt_content_site(root) {
        return None;
    }
    let mut shared: Option<PathBuf> = None;
    for p in paths.iter().filter(|p| p.as_os_str() != "-") {
        let abs = std::fs::canonicalize(cwd.join(p)).ok()?;
        let folder = if abs.is_dir() {
            abs
        } else {
            abs.parent()?.to_path_buf()
        };
        let below = || {
            folder
                .ancestors()
                .take_while(|d| d.starts_with(root) && *d != root)
        };
        let own = below()
            .find(|d| project_root::is_marked_root(d) || nuxt::is_nuxt_content_site(d))
            .or_else(|| below().find(|d| d.file_name() == Some("content".as_ref())))
            .unwrap_or(&folder)
            .to_path_buf();
        shared = Some(match shared {
            None => own,
            Some(s) => s
                .ancestors()
                .find(|a| own.starts_with(a))
                .map_or_else(|| root.to_path_buf(), Path::to_path_buf),
        });
    }
    shared.filter(|s| s.starts_with(root))
}

/// The folder to open the workspace at for work started in `cwd` on `paths`: `cwd`, unless the
/// paths lie in a Nuxt Content site that `cwd`'s project never reaches (neither above `cwd` nor
/// below its project root: `cd /tmp && qalint ~/site/content/a.md`); then that site, so its
/// pages are checked with its own record. Paths in such a site beside paths elsewhere cannot
/// be checked by one workspace: an error that says so.
pub fn start_folder(cwd: &Path, paths: &[PathBuf]) -> Result<PathBuf, String> {
    let root = project_root::project_root(cwd);
    let reached = |site: &Path| site.starts_with(&root) || cwd.starts_with(site);
    let mut outside: Option<&Path> = None;
    let mut sites = Vec::new();
    for p in paths.iter().filter(|p| p.as_os_str() != "-") {
        let Ok(abs) = std::fs::canonicalize(cwd.join(p)) else {
            continue; // the run says what is missing
        };
        // Below the root every site is reached (the root is above `cwd`): a hook's thousand
        // named pages cost no look-up.
        if abs.starts_with(&root) {
            outside = outside.or(Some(p.as_path()));
            continue;
        }
        match abs.ancestors().find(|d| nuxt::is_nuxt_content_site(d)) {
            Some(site) if !reached(site) => sites.push((p.as_path(), site.to_path_buf())),
            _ => outside = outside.or(Some(p.as_path())),
        }
    }
    sites.dedup_by(|a, b| a.1 == b.1);
    match (sites.as_slice(), outside) {
        ([], _) => Ok(narrowed(cwd, &root, paths).unwrap_or_else(|| cwd.to_path_buf())),
        ([(_, site)], None) => Ok(site.clone()),
        ([(p, site)], Some(other)) => Err(format!(
            "{} is a page of the Nuxt Content site {}, which the current folder's project does \
             not reach, and {} is not: check them in two runs, or run qalint from {}",
            p.display(),
            site.display(),
            other.display(),
            site.display()
        )),
        ([(p, a), (q, b), ..], _) => Err(format!(
            "{} and {} are pages of two Nuxt Content sites ({} and {}), which the current \
             folder's project does not reach: check each site from its own folder",
            p.display(),
            q.display(),
            a.display(),
            b.display()
        )),
    }
}

/// Reads `.nuxt/qalint/collections.json` of the nearest Nuxt site, from `cwd` up to the top of
/// its git work tree, else the project root (a Nuxt site may be a folder of a larger
/// repository, and a `qalint.toml` with `root = true` inside a site, say in `content/fr`,
/// does not take the site's collections away; sites below the folders linted are found by the
/// configuration tree). A Nuxt Content site without a believable record stops
/// the run: its pages follow its own schema, and guessing another would report false problems
/// (and `--fix` would write Q&A keys into them). Elsewhere what is wrong is a warning.
fn nuxt_collections(
    cwd: &Path,
    root: &Path,
    settings: &mut Settings,
    warnings: &mut Vec<String>,
) -> Result<(), String> {
    let top = project_root::git_top(cwd).unwrap_or(root);
    let Some(site) = cwd
        .ancestors()
        .take_while(|d| d.starts_with(top))
        .find(|d| std::fs::symlink_metadata(d.join(nuxt::FILE)).is_ok() || nuxt::is_nuxt_site(d))
    else {
        return Ok(());
    };
    match nuxt::of_site(site) {
        Ok(Some(loaded)) => {
            settings.pages.collections = loaded.collections;
            settings.fingerprint = crate::settings::mix(settings.fingerprint, &loaded.body);
            warnings.extend(loaded.warnings);
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(nuxt::Unbelieved::Warn(why)) => {
            warnings.push(why);
            Ok(())
        }
        Err(nuxt::Unbelieved::Stop(why)) => Err(why),
    }
}

/// In a Nuxt site (a `nuxt.config.*` at the project root) only its content folder holds
/// pages, as Nuxt Content's default collection says (`**/*` below `content/`), even before
/// `nuxi prepare` records the site's own collections: a `docs/contributing.md` with
/// frontmatter is no Q&A page. `qalint.toml`'s collections, `include` or `content` decide
/// otherwise.
fn nuxt_content_only(root: &Path, settings: &mut Settings) {
    if !settings.pages.collections.is_empty()
        || settings.pages.filter.include.is_some()
        || !nuxt::is_nuxt_site(root)
    {
        return;
    }
    let content = settings
        .pages
        .content_dir
        .clone()
        .unwrap_or_else(|| root.join("content"));
    let Ok(include) = Globs::new_nuxt(&content, &["**/*".to_string()]) else {
        return;
    };
    settings.pages.collections.push(Collection {
        name: "content".into(),
        filter: FileFilter {
            include: Some(include),
            exclude: None,
        },
        schema: CollectionSchema::Qa(None),
        paths: None,
        data_pages: None,
        payload: None,
        data: false,
        csv_rows: false,
    });
    let part = format!("nuxt content {}", content.display());
    settings.fingerprint = crate::settings::mix(settings.fingerprint, part.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn touch(root: &Path, rel: &str) {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, "x").expect("write");
    }

    /// Outside any project, naming a page opens the workspace at what the page needs (its
    /// project below, its `content` folder, its own folder), never at all of `cwd`.
    #[test]
    fn outside_any_project_named_paths_open_only_what_they_need() {
        let dir = tempfile::tempdir().expect("temp dir");
        let cwd = std::fs::canonicalize(dir.path()).expect("cwd");
        touch(&cwd, "site/content/python/basics/a.md");
        touch(&cwd, "site/content/go/basics/b.md");
        touch(&cwd, "notes/c.md");
        touch(&cwd, "repo/pages/d.md");
        std::fs::create_dir(cwd.join("repo/.git")).expect("git");
        let start = |paths: &[&str]| {
            let paths: Vec<PathBuf> = paths.iter().map(PathBuf::from).collect();
            start_folder(&cwd, &paths).expect("one workspace")
        };
        let content = cwd.join("site/content");
        assert_eq!(start(&["site/content/python/basics/a.md"]), content);
        assert_eq!(
            start(&[
                "site/content/python/basics/a.md",
                "site/content/go/basics/b.md"
            ]),
            content
        );
        assert_eq!(start(&["notes/c.md"]), cwd.join("notes"));
        assert_eq!(start(&["repo/pages/d.md"]), cwd.join("repo"));
        // Paths that share nothing below `cwd`, standard input, or nothing named: `cwd`.
        assert_eq!(start(&["notes/c.md", "repo/pages/d.md"]), cwd);
        assert_eq!(start(&["-"]), cwd);
        assert_eq!(start(&[]), cwd);
        // Inside a project, the project decides (the walk is its own).
        std::fs::write(cwd.join("qalint.toml"), "root = true\n").expect("settings");
        assert_eq!(start(&["notes/c.md"]), cwd);
    }
}
