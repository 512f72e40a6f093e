//! A file's text and the conversion from byte offsets to the line and column a user sees.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// A 1-based line and a 1-based column counted in characters, as editors show them.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Default,
    serde::Serialize,
    serde::Deserialize,
)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// A byte range of a file together with its start and end positions.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub struct Location {
    pub range: Range<usize>,
    pub start: Position,
    pub end: Position,
}

/// The text of one file. `text` is the whole file (BOM included), so byte offsets are file
/// offsets; `content_start` skips a leading UTF-8 byte order mark.
#[derive(Debug)]
pub struct SourceFile {
    pub path: PathBuf,
    pub text: String,
    /// `u32`: a file is at most 64 MB, and a page of short lines has millions of them.
    line_starts: Vec<u32>,
}

const BOM: &str = "\u{feff}";

impl SourceFile {
    pub fn new(path: impl Into<PathBuf>, text: String) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(
            memchr::memchr_iter(b'\n', text.as_bytes())
                .map(|i| u32::try_from(i + 1).unwrap_or(u32::MAX)),
        );
        SourceFile {
            path: path.into(),
            text,
            line_starts,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Offset of the first byte after a leading byte order mark.
    pub fn content_start(&self) -> usize {
        if self.text.starts_with(BOM) {
            BOM.len()
        } else {
            0
        }
    }

    /// Byte offset of the start of 0-based line `line`.
    pub fn line_start(&self, line: usize) -> usize {
        self.line_starts
            .get(line)
            .map_or(self.text.len(), |&s| s as usize)
    }

    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The position of a byte offset (clamped to the text and to a char boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s as usize <= offset) - 1;
        let mut start = self.line_starts[line] as usize;
        // The BOM is invisible in editors: columns on line 1 count from after it.
        if line == 0 {
            start = start.max(self.content_start().min(offset));
        }
        let column = self.text[start..offset].chars().count() + 1;
        Position {
            line: line + 1,
            column,
        }
    }

    /// `range` clamped to the text and widened to character boundaries, safe to slice with.
    pub fn snap(&self, range: Range<usize>) -> Range<usize> {
        let len = self.text.len();
        let mut start = range.start.min(len);
        while !self.text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = range.end.clamp(start, len);
        while !self.text.is_char_boundary(end) {
            end += 1;
        }
        start..end
    }

    pub fn location(&self, range: Range<usize>) -> Location {
        let end = range.end.max(range.start);
        Location {
            start: self.position(range.start),
            end: self.position(end),
            range: range.start..end,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_skip_the_bom() {
        let src = SourceFile::new("x", "\u{feff}ab\r\nçé x\n".to_string());
        assert_eq!(src.position(3), Position { line: 1, column: 1 });
        assert_eq!(src.position(4), Position { line: 1, column: 2 });
        let x = src.text.find('x').unwrap();
        assert_eq!(src.position(x), Position { line: 2, column: 4 });
    }
}
