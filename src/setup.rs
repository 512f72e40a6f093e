//! Building a [`Linter`] for a folder: its project root, its `qalint.toml` files and the
//! command line's overrides. The CLI and the language server start the same way.

use std::path::{Path, PathBuf};

use crate::config::{self, Config, ConfigTree, Overrides};
use crate::engine::Linter;
use crate::project::{self, ConfigIn};
use crate::schema::PageSchema;

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
