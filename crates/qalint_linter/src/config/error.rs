//! A settings file or record that cannot be used, with its place as fields.

use std::path::{Path, PathBuf};

/// A settings file or record that cannot be used, and where: a front end places it (the
/// language server's diagnostic) from these fields, never from the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SettingsError {
    /// At a place in a settings file: shown `file:line:col: message` (1-based; the column in
    /// characters).
    At {
        file: PathBuf,
        line: u32,
        column: u32,
        message: String,
    },
    /// About a file as a whole (it cannot be read; a site's record is not believed): the
    /// message names it.
    File { file: PathBuf, message: String },
}

impl SettingsError {
    /// The file at fault.
    pub fn file(&self) -> &Path {
        match self {
            SettingsError::At { file, .. } | SettingsError::File { file, .. } => file,
        }
    }
}

impl std::fmt::Display for SettingsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SettingsError::At {
                file,
                line,
                column,
                message,
            } => write!(f, "{}:{line}:{column}: {message}", file.display()),
            SettingsError::File { message, .. } => f.write_str(message),
        }
    }
}

impl From<SettingsError> for String {
    fn from(e: SettingsError) -> String {
        e.to_string()
    }
}

/// The error `message` at `span` in `text` (its start; the file's start without one).
pub(super) fn at(
    path: &Path,
    text: &str,
    span: Option<std::ops::Range<usize>>,
    message: &str,
) -> SettingsError {
    let offset = span.map_or(0, |s| s.start).min(text.len());
    let line = text[..offset].matches('\n').count() + 1;
    let column = text[..offset]
        .rsplit('\n')
        .next()
        .map_or(0, |l| l.chars().count())
        + 1;
    SettingsError::At {
        file: path.to_path_buf(),
        line: u32::try_from(line).unwrap_or(u32::MAX),
        column: u32::try_from(column).unwrap_or(u32::MAX),
        message: message.to_string(),
    }
}
