//! Loaders: a file's text into pages (a JSON value plus a locator back to the file).

mod csv;
pub mod data;
pub mod devalue;
pub mod frontmatter;
pub mod json_spans;
pub mod locator;
pub mod payload;
pub mod text_map;
pub mod unflatten;
pub mod yaml;
mod yaml_errors;
mod yaml_scalar;

use std::ops::Range;
use std::path::Path;

use serde_json::Value;

pub use locator::{Locator, Node};

/// Files larger than this are not read: no page is that big, and reading one whole could
/// exhaust memory.
pub const MAX_FILE_SIZE: u64 = 64 * 1024 * 1024;

/// What kind of file a page came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum PageKind {
    /// Markdown with YAML frontmatter, written by an author.
    Source,
    /// A built `_payload.json`, never edited by hand.
    Payload,
    /// An item of a data collection: a YAML, JSON or CSV file (or a CSV row), no page of the
    /// site (no path, no route).
    Data,
}

/// A link to another page found in a payload's `siblings`, with where it is written.
#[derive(Debug, Clone)]
pub struct SiblingRef {
    pub path: String,
    pub range: Range<usize>,
    /// The sibling's `order`, which lets a payload's topic be checked from the payload alone.
    pub order: Option<i64>,
}

/// One page: its value, where each part of it sits, and what else the file holds for it.
#[derive(Debug)]
pub struct Page {
    pub kind: PageKind,
    pub value: Value,
    pub locator: Locator,
    /// The Markdown body after the frontmatter (source pages).
    pub body: Option<Range<usize>>,
    /// The payload's `siblings` entries (payload pages).
    pub siblings: Vec<SiblingRef>,
    /// What a source page says that Nuxt Content does not store (see `unflatten`).
    pub dropped: Vec<unflatten::Dropped>,
}

impl Page {
    /// An item of a data collection.
    pub fn data(value: Value, locator: Locator, dropped: Vec<unflatten::Dropped>) -> Self {
        Page {
            kind: PageKind::Data,
            value,
            locator,
            body: None,
            siblings: Vec::new(),
            dropped,
        }
    }
}

/// Why a file cannot be read as a page, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub message: String,
    pub range: Range<usize>,
    /// For a file that is not UTF-8: its text decoded lossily, to give `range` a line and column.
    pub text: Option<String>,
}

impl LoadError {
    pub fn new(message: impl Into<String>, range: Range<usize>) -> Self {
        LoadError {
            message: message.into(),
            range,
            text: None,
        }
    }
}

/// How a file is read, decided from its name alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    Markdown,
    Payload,
    /// A file a data collection may hold: checked only when one does.
    Data(DataFormat),
}

/// How a data collection's file is written (Nuxt Content's YAML, JSON and CSV parsers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DataFormat {
    Yaml,
    Json,
    Csv,
}

impl FileKind {
    pub fn of(path: &Path) -> Option<FileKind> {
        // Bytes, not str: a name that is not UTF-8 is still a page (and a finding).
        let name = path.file_name()?.as_encoded_bytes();
        if name == b"_payload.json" {
            Some(FileKind::Payload)
        } else if name.ends_with(b".md") {
            Some(FileKind::Markdown)
        } else if name.ends_with(b".yml") || name.ends_with(b".yaml") {
            Some(FileKind::Data(DataFormat::Yaml))
        } else if name.ends_with(b".json") {
            Some(FileKind::Data(DataFormat::Json))
        } else if name.ends_with(b".csv") {
            Some(FileKind::Data(DataFormat::Csv))
        } else {
            None
        }
    }
}

/// Loads the pages of a file's text. `Ok(vec![])` means the file holds no page (a Markdown
/// file without frontmatter, a payload of a route that is not a Q&A page).
pub fn load_pages(kind: FileKind, src: &crate::source::SourceFile) -> Result<Vec<Page>, LoadError> {
    match kind {
        FileKind::Markdown => Ok(frontmatter::load_markdown(src)?.into_iter().collect()),
        FileKind::Payload => payload::load_payload(src),
        FileKind::Data(format) => data::load_data(format, src, false),
    }
}

/// The text of a page's bytes: a finding at the first byte that is not UTF-8.
pub fn text_of(bytes: Vec<u8>) -> Result<String, LoadError> {
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let byte = e.as_bytes().get(at).copied().unwrap_or(0);
        let mut error = LoadError::new(
            format!("file is not valid UTF-8 (invalid byte 0x{byte:02X})"),
            at..at,
        );
        // Up to the bad byte, a lossy decoding has the same bytes: positions stay exact.
        error.text = Some(String::from_utf8_lossy(e.as_bytes()).into_owned());
        error
    })
}
