//! Maps an offset inside a decoded string (a YAML scalar or a JSON string literal) back to
//! the byte offset in the file it came from, so that a finding inside an answer lands on the
//! exact line and column the author edits.
//!
//! The raw text of a scalar is cut into pieces that each decode to a known string: a verbatim
//! run of characters, or one escape sequence. Pieces appear in the decoded string in order,
//! separated only by what line folding produces (spaces and line feeds), so one forward walk
//! aligns them and records an anchor at the start of each.

use std::borrow::Cow;
use std::ops::Range;

/// Scalar styles whose raw text is laid out differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
    /// A JSON string literal, quotes included.
    Json,
}

/// YAML's white space (s-white): what line folding trims.
const YAML_WHITE: [char; 2] = [' ', '\t'];

/// Anchors `(decoded offset, file offset)` sorted by decoded offset; between anchors the
/// text is verbatim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OffsetMap {
    anchors: Vec<(usize, usize)>,
    fallback: usize,
    /// The decoded offset the alignment reached.
    covered: usize,
    /// The end of the scalar: no offset maps past it.
    end: usize,
}

impl OffsetMap {
    /// The file offset of a decoded offset.
    pub fn to_file(&self, decoded: usize) -> usize {
        let i = self.anchors.partition_point(|&(d, _)| d <= decoded);
        match i.checked_sub(1).and_then(|i| self.anchors.get(i)) {
            Some(&(d, f)) => (f + (decoded - d)).min(self.end),
            None => self.fallback,
        }
    }

    /// How much of the decoded string the anchors cover: its length when the raw text
    /// decoded as expected all the way.
    pub fn aligned(&self) -> usize {
        self.covered
    }

    pub fn range_to_file(&self, decoded: Range<usize>) -> Range<usize> {
        let start = self.to_file(decoded.start);
        let end = if decoded.end > decoded.start {
            // Map the last character, not the (possibly folded) gap after it.
            self.to_file(decoded.end - 1) + 1
        } else {
            start
        };
        start..end.max(start)
    }

    /// Build the map of the scalar whose raw text is `src[span]`, decoded to `decoded`.
    pub fn new(src: &str, span: Range<usize>, style: ScalarStyle, decoded: &str) -> OffsetMap {
        Self::up_to(src, span, style, decoded, usize::MAX)
    }

    /// The map of the first `until` decoded bytes and a little more (offsets up to `until`
    /// map as [`OffsetMap::new`]'s would): a finding early in a long answer aligns only the
    /// answer's first lines.
    pub fn up_to(
        src: &str,
        span: Range<usize>,
        style: ScalarStyle,
        decoded: &str,
        until: usize,
    ) -> OffsetMap {
        let span = span.start.min(src.len())..span.end.min(src.len());
        let mut pieces = Vec::new();
        match style {
            ScalarStyle::Literal | ScalarStyle::Folded => {
                block_pieces(src, span.clone(), until, &mut pieces)
            }
            ScalarStyle::Plain => flow_pieces(src, span.clone(), None, &mut pieces),
            ScalarStyle::SingleQuoted => flow_pieces(src, span.clone(), Some('\''), &mut pieces),
            ScalarStyle::DoubleQuoted => flow_pieces(src, span.clone(), Some('"'), &mut pieces),
            ScalarStyle::Json => json_pieces(src, span.clone(), &mut pieces),
        }
        let mut map = align(decoded, &pieces, span.start, until);
        map.end = span.end.max(span.start);
        map
    }
}

/// A raw range of the file and what it decodes to.
struct Piece<'a> {
    raw_start: usize,
    decoded: Cow<'a, str>,
}

fn align(decoded: &str, pieces: &[Piece<'_>], fallback: usize, until: usize) -> OffsetMap {
    let mut anchors = Vec::with_capacity(pieces.len());
    let mut cur = 0;
    'pieces: for piece in pieces {
        if piece.decoded.is_empty() {
            continue;
        }
        if cur > until {
            break;
        }
        while !decoded[cur..].starts_with(piece.decoded.as_ref()) {
            match decoded[cur..].chars().next() {
                Some(c @ (' ' | '\t' | '\n')) => cur += c.len_utf8(),
                // The raw text does not decode as expected: keep the anchors found so far.
                _ => break 'pieces,
            }
        }
        anchors.push((cur, piece.raw_start));
        cur += piece.decoded.len();
    }
    OffsetMap {
        anchors,
        fallback,
        covered: cur,
        end: usize::MAX,
    }
}

/// Lines of `src[span]` with their start offsets, without their breaks. YAML breaks lines at
/// `\n`, `\r\n` and a lone `\r` (found by fuzzing).
fn lines(src: &str, span: Range<usize>) -> impl Iterator<Item = (usize, &str)> {
    let text = &src[span.clone()];
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        if at >= bytes.len() {
            return None;
        }
        let start = at;
        let end = memchr::memchr2(b'\n', b'\r', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        at = match bytes.get(end) {
            Some(b'\r') if bytes.get(end + 1) == Some(&b'\n') => end + 2,
            Some(_) => end + 1,
            None => end,
        };
        Some((span.start + start, &text[start..end]))
    })
}

fn verbatim(src: &str, range: Range<usize>) -> Piece<'_> {
    Piece {
        raw_start: range.start,
        decoded: Cow::Borrowed(&src[range]),
    }
}

/// Block scalars: saphyr's span starts at the first content character, so its column is the
/// block's indentation; each line is verbatim after that indentation. A line of spaces only is
/// content too when it has more than the indentation (found by fuzzing).
/// Lines are taken until their content passes `until` bytes: a block's lines decode verbatim,
/// so the decoded offset `until` lies among them by then.
fn block_pieces<'a>(src: &'a str, span: Range<usize>, until: usize, out: &mut Vec<Piece<'a>>) {
    // A block of blank lines has no content to map (its span is empty).
    if span.is_empty() {
        return;
    }
    let line_start = src[..span.start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    // saphyr's span starts at the first content character, whose column is the indentation
    // (it knows an explicit indentation indicator); when the block opens with empty lines,
    // the span starts at column 0 and the first non-empty line tells (found by fuzzing).
    let mut indent = span.start - line_start;
    if indent == 0 {
        let first = lines(src, line_start..span.end)
            .map(|(_, l)| l)
            // A line of spaces only is empty; tabs are content (YAML's l-empty).
            .find(|l| !l.trim_start_matches(' ').is_empty());
        indent = first.map_or(0, |l| l.len() - l.trim_start_matches(' ').len());
    }
    let mut content = 0;
    for (start, line) in lines(src, line_start..span.end) {
        let strip = line.bytes().take(indent).take_while(|&b| b == b' ').count();
        out.push(verbatim(src, start + strip..start + line.len()));
        content += line.len() - strip;
        if content > until {
            break;
        }
    }
}

/// Plain and quoted flow scalars: lines are folded, so each line is trimmed except where the
/// quotes protect it (after the opening and before the closing quote).
fn flow_pieces<'a>(
    src: &'a str,
    span: Range<usize>,
    quote: Option<char>,
    out: &mut Vec<Piece<'a>>,
) {
    let q = quote.map_or(0, char::len_utf8);
    let inner = (span.start + q).min(span.end)..span.end.saturating_sub(q).max(span.start + q);
    let all: Vec<(usize, &str)> = lines(src, inner).collect();
    let last = all.len().saturating_sub(1);
    for (i, &(start, line)) in all.iter().enumerate() {
        let keep_lead = i == 0 && quote.is_some();
        let keep_trail = i == last && quote.is_some();
        // YAML folds around spaces and tabs only (Rust's `trim` would also eat form feeds).
        let lead = if keep_lead {
            0
        } else {
            line.len() - line.trim_start_matches(YAML_WHITE).len()
        };
        let end = if keep_trail {
            line.len()
        } else {
            line.trim_end_matches(YAML_WHITE).len().max(lead)
        };
        let content = start + lead..start + end;
        match quote {
            Some('"') => escaped_pieces(src, content, false, out),
            Some(_) => single_quoted_pieces(src, content, out),
            None => out.push(verbatim(src, content)),
        }
    }
}

fn single_quoted_pieces<'a>(src: &'a str, range: Range<usize>, out: &mut Vec<Piece<'a>>) {
    let mut run = range.start;
    let text = &src[range.clone()];
    for (i, _) in text.match_indices("''") {
        let at = range.start + i;
        if at < run {
            continue;
        }
        out.push(verbatim(src, run..at));
        out.push(Piece {
            raw_start: at,
            decoded: Cow::Borrowed("'"),
        });
        run = at + 2;
    }
    out.push(verbatim(src, run..range.end));
}

fn json_pieces<'a>(src: &'a str, span: Range<usize>, out: &mut Vec<Piece<'a>>) {
    let inner = (span.start + 1).min(span.end)..span.end.saturating_sub(1).max(span.start + 1);
    escaped_pieces(src, inner, true, out);
}

/// Verbatim runs and backslash escapes, for YAML double-quoted scalars and JSON strings.
fn escaped_pieces<'a>(src: &'a str, range: Range<usize>, json: bool, out: &mut Vec<Piece<'a>>) {
    let bytes = src.as_bytes();
    let mut run = range.start;
    let mut i = range.start;
    while i < range.end {
        if bytes[i] != b'\\' {
            i += 1;
            continue;
        }
        out.push(verbatim(src, run..i));
        let (len, decoded) = decode_escape(&src[i..range.end], json);
        out.push(Piece {
            raw_start: i,
            decoded: Cow::Owned(decoded),
        });
        i += len.max(1);
        run = i;
    }
    out.push(verbatim(src, run..range.end.max(run)));
}

/// Decodes the escape sequence at the start of `s` (which starts with a backslash): its raw
/// length and what it stands for. An escaped line break (YAML) decodes to nothing.
fn decode_escape(s: &str, json: bool) -> (usize, String) {
    let Some(c) = s[1..].chars().next() else {
        return (1, String::new());
    };
    let simple = |t: &str| (1 + c.len_utf8(), t.to_string());
    match c {
        '"' => simple("\""),
        '\\' => simple("\\"),
        '/' => simple("/"),
        'b' => simple("\u{8}"),
        'f' => simple("\u{c}"),
        'n' => simple("\n"),
        'r' => simple("\r"),
        't' => simple("\t"),
        'u' => {
            let (len, hi) = hex(s, 2, 4);
            if json && (0xD800..0xDC00).contains(&hi) && s[len..].starts_with("\\u") {
                let (len2, lo) = hex(&s[len..], 2, 4);
                let c = 0x10000 + ((hi - 0xD800) << 10) + (lo.wrapping_sub(0xDC00) & 0x3FF);
                return (
                    len + len2,
                    char::from_u32(c).map(String::from).unwrap_or_default(),
                );
            }
            (
                len,
                char::from_u32(hi).map(String::from).unwrap_or_default(),
            )
        }
        _ if json => simple(""),
        '0' => simple("\0"),
        'a' => simple("\u{7}"),
        '\t' => simple("\t"),
        'v' => simple("\u{b}"),
        'e' => simple("\u{1b}"),
        ' ' => simple(" "),
        'N' => simple("\u{85}"),
        '_' => simple("\u{a0}"),
        'L' => simple("\u{2028}"),
        'P' => simple("\u{2029}"),
        'x' | 'U' => {
            let (len, v) = hex(s, 2, if c == 'x' { 2 } else { 8 });
            (len, char::from_u32(v).map(String::from).unwrap_or_default())
        }
        // An escaped line break joins the lines without a separator.
        '\r' | '\n' => simple(""),
        _ => simple(""),
    }
}

/// Parses up to `n` hex digits at `s[at..]`; returns the raw length consumed (from 0) and the value.
fn hex(s: &str, at: usize, n: usize) -> (usize, u32) {
    let digits: String = s[at.min(s.len())..]
        .chars()
        .take(n)
        .take_while(char::is_ascii_hexdigit)
        .collect();
    (
        at + digits.len(),
        u32::from_str_radix(&digits, 16).unwrap_or(0),
    )
}

#[cfg(test)]
mod tests;
