//! `qalint.toml`: the project's settings. Found at the project root (the nearest `qalint.toml`
//! above the current directory), or given with `--config`; `--isolated` ignores it. Flags on
//! the command line win over the file. The text becomes settings in the core
//! ([`qalint_linter::config`]); here files are found and read, and the schema files a
//! `qalint.toml` names are read from inside its project ([`Disk`]).

use std::path::{Path, PathBuf};

mod tree;
pub use crate::settings::Scoped;
pub use qalint_linter::config::*;
pub use tree::{ConfigTree, Overrides};

use crate::schema::PageSchema;
use crate::settings::Settings;

/// The schema files a `qalint.toml` names, read from disk inside its project.
pub struct Disk;

impl SchemaFiles for Disk {
    fn read(&self, base: &Path, name: &str) -> Result<(PathBuf, PageSchema), SchemaFileError> {
        let file = inside_project(base, name).map_err(SchemaFileError::Refused)?;
        let schema = read_schema(&file).map_err(SchemaFileError::Invalid)?;
        Ok((file, schema))
    }
}

/// A JSON Schema file (`--schema`, or one a `qalint.toml` names), read bounded and compiled.
pub fn read_schema(path: &Path) -> Result<PageSchema, String> {
    let text = crate::bounded_read::read_to_string(path).map_err(|e| format!("schema: {e}"))?;
    PageSchema::from_text(&text, &path.display().to_string())
}

pub fn load(path: &Path) -> Result<Config, SettingsError> {
    load_onto(path, Settings::default())
}

/// Loads `path` over `parent`: each key the file sets replaces the parent's (tables such as
/// `[rules]` key by key), as markdownlint-cli2's and ESLint's cascading files do.
pub fn load_onto(path: &Path, parent: Settings) -> Result<Config, SettingsError> {
    let text = crate::bounded_read::read_to_string(path).map_err(|e| SettingsError::File {
        file: path.to_path_buf(),
        message: match std::fs::read_link(path) {
            Ok(target) => format!("{e} (it is a symbolic link to {})", target.display()),
            Err(_) => e,
        },
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    parse_onto(path, &text, base, parent, &Disk)
}

/// The `qalint.toml` text of the file at `path`, its schema files read from disk.
pub fn parse(path: &Path, text: &str, base: &Path) -> Result<Config, SettingsError> {
    qalint_linter::config::parse(path, text, base, &Disk)
}

/// The schema file `name` a `qalint.toml` in `base` names, if it lies in that file's folder or
/// its project (links followed): a committed file could otherwise have any file of the user's
/// read, and its text echoed in messages. `--schema` names any file: the user's own choice.
fn inside_project(base: &Path, name: &str) -> Result<PathBuf, String> {
    let file = base.join(name);
    let Ok(real) = std::fs::canonicalize(&file) else {
        return Ok(file); // not there: reading it says so
    };
    let base = std::fs::canonicalize(base).unwrap_or_else(|_| base.to_path_buf());
    let project = crate::project_root::project_root(&base);
    if real.starts_with(&base) || real.starts_with(&project) {
        return Ok(real);
    }
    Err(format!(
        "the schema {} lies outside the project ({}): not read (move it into the project, or \
         pass it with --schema)",
        real.display(),
        project.display()
    ))
}
