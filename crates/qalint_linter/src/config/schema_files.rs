//! Where the schema files a `qalint.toml` names come from: the workspace reads them from disk
//! inside the project; a detached workspace has none.

use std::path::{Path, PathBuf};

use crate::schema::PageSchema;

/// Where the schema files a `qalint.toml` names come from: the disk (the workspace's, which keeps
/// them inside the project), or nowhere ([`NoFiles`]).
pub trait SchemaFiles {
    /// The schema file `name`, named by the `qalint.toml` in `base`: where it is, and its
    /// schema.
    fn read(&self, base: &Path, name: &str) -> Result<(PathBuf, PageSchema), SchemaFileError>;
}

/// Why a schema file a `qalint.toml` names gives no schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaFileError {
    /// Not read at all (it lies outside the project; there are no files).
    Refused(String),
    /// Read, and no schema (missing, not JSON, not a JSON Schema).
    Invalid(String),
}

/// No files to read: a `qalint.toml` that names a schema file is refused (the playground's).
pub struct NoFiles;

impl SchemaFiles for NoFiles {
    fn read(&self, _: &Path, name: &str) -> Result<(PathBuf, PageSchema), SchemaFileError> {
        Err(SchemaFileError::Refused(format!(
            "`schema = \"{name}\"` names a file, and there are no files here: give the \
             schema's text instead"
        )))
    }
}
