//! Positions as the Language Server Protocol counts them: 0-based lines, characters in UTF-16
//! code units (the default) or UTF-8 bytes (when the client offers it); lines end at `\n`,
//! `\r\n` or a lone `\r`.

use lsp_types::{Position, Range};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// Line starts of a text, for conversions both ways.
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
    encoding: Encoding,
}

impl<'a> LineIndex<'a> {
    pub fn new(text: &'a str, encoding: Encoding) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex {
            text,
            starts,
            encoding,
        }
    }

    /// The position of byte `offset` (clamped to the text, and back to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self
            .starts
            .partition_point(|&s| s <= offset)
            .saturating_sub(1);
        let start = self.starts[line];
        let before = &self.text[start..offset];
        let character = match self.encoding {
            Encoding::Utf8 => before.len(),
            Encoding::Utf16 => before.encode_utf16().count(),
        };
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, r: std::ops::Range<usize>) -> Range {
        Range::new(self.position(r.start), self.position(r.end))
    }

    /// The byte offset of `pos`; past the end of a line is its end, past the last line the
    /// end of the text (as the protocol asks).
    pub fn offset(&self, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(pos.line as usize + 1)
            .copied()
            .unwrap_or(self.text.len());
        let line = &self.text[start..end];
        let content = line.trim_end_matches(['\n', '\r']);
        let mut units = 0u32;
        for (i, c) in content.char_indices() {
            if units >= pos.character {
                return start + i;
            }
            units += match self.encoding {
                Encoding::Utf8 => c.len_utf8() as u32,
                Encoding::Utf16 => c.len_utf16() as u32,
            };
        }
        start + content.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_counts_surrogate_pairs() {
        let text = "a😀b\r\nc\rd";
        let idx = LineIndex::new(text, Encoding::Utf16);
        let b = text.find('b').expect("b");
        assert_eq!(idx.position(b), Position::new(0, 3));
        assert_eq!(idx.offset(Position::new(0, 3)), b);
        assert_eq!(
            idx.position(text.find('d').expect("d")),
            Position::new(2, 0)
        );
        let idx8 = LineIndex::new(text, Encoding::Utf8);
        assert_eq!(idx8.position(b), Position::new(0, 5));
        assert_eq!(idx.offset(Position::new(9, 0)), text.len());
    }
}
