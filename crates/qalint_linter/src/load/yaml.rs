//! YAML (the frontmatter) into a JSON value and its locator, straight from saphyr's parser
//! events, so the tree is built once and every node keeps its span.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt::Write as _;
use std::ops::Range;

use saphyr_parser::{Event, Parser, ScalarStyle as YamlStyle, Span, SpannedEventReceiver, Tag};
use serde_json::{Map, Value};

use super::locator::{push_token, Locator, Node};
use super::yaml_scalar::{fitted, map_style, past_block_header, scalar_value, skip_properties};
use super::LoadError;
use crate::source::SourceFile;

/// Deeper nesting than this is no page: refusing it keeps recursion in later stages bounded.
pub const MAX_DEPTH: usize = 128;
/// Aliases may not make the tree larger than this many nodes ("billion laughs").
pub const MAX_NODES: usize = 1_000_000;
/// Nor add more than this many bytes of text: one 1 MB string aliased 100,000 times is
/// 100 GB of values.
pub const MAX_ALIASED_BYTES: usize = 128 * 1024 * 1024;

/// Parses `src.text[range]` as one YAML document.
/// The value of the YAML at `range`, where each of its values is, and whether a mapping key
/// holds a `.` (Nuxt Content unflattens those: see `unflatten`).
pub fn load_yaml(
    src: &SourceFile,
    range: Range<usize>,
) -> Result<(Value, Locator, bool), LoadError> {
    let text = &src.text[range.clone()];
    let mut builder = Builder {
        src,
        base: range.start,
        frames: Vec::new(),
        root: None,
        // About one value a line or two: no regrowth for most pages.
        locator: Locator::with_capacity((text.len() / 128).clamp(16, 4096)),
        anchors: HashMap::new(),
        nodes: 0,
        aliased: 0,
        error: None,
        cursor: std::cell::Cell::new((0, 0)),
        ascii: text.is_ascii(),
        dotted: false,
        pointer: String::new(),
    };

    // Pull events one by one: saphyr-parser's own `load` recurses once per nesting level
    // and overflows the stack on deeply nested input; this loop stops at MAX_DEPTH instead.
    let mut parser = Parser::new_from_str(text);
    while let Some(event) = parser.next_event() {
        match event {
            Ok((Event::StreamEnd | Event::DocumentEnd, _)) => break,
            Ok((event, span)) => builder.on_event(event, span),
            Err(e) => {
                let at = builder.offset(*e.marker());
                return Err(LoadError::new(
                    super::yaml_errors::explain(src, e.info(), at, range.end),
                    at..at,
                ));
            }
        }
        if let Some(err) = builder.error.take() {
            return Err(err);
        }
    }
    Ok((
        builder.root.unwrap_or(Value::Null),
        builder.locator,
        builder.dotted,
    ))
}

enum Frame {
    Map {
        map: Map<String, Value>,
        key: Option<(String, Range<usize>)>,
        key_pending: bool,
    },
    Seq(Vec<Value>),
}

struct Open {
    frame: Frame,
    pointer: String,
    key: Option<Range<usize>>,
    start: usize,
    anchor: usize,
    nodes: usize,
}

struct Builder<'s> {
    src: &'s SourceFile,
    base: usize,
    frames: Vec<Open>,
    root: Option<Value>,
    locator: Locator,
    /// Each anchor's value, its node count and its bytes of text.
    anchors: HashMap<usize, (Value, usize, usize)>,
    nodes: usize,
    /// Bytes of text the aliases added.
    aliased: usize,
    error: Option<LoadError>,
    /// The last marker converted: (character index, byte offset), relative to `base`.
    cursor: std::cell::Cell<(usize, usize)>,
    /// The document is ASCII (most are): a character index is a byte offset.
    ascii: bool,
    /// A mapping key holds a `.`.
    dotted: bool,
    /// The pointer of the value being placed (`slot`), one buffer for all of them: the
    /// locator keeps its own copy.
    pointer: String,
}

impl Builder<'_> {
    /// The file offset of a saphyr marker. Markers count characters; events come mostly in
    /// file order, so a cursor walks forward from the last conversion instead of from the start.
    fn offset(&self, m: saphyr_parser::Marker) -> usize {
        let text = &self.src.text[self.base..];
        if self.ascii {
            return self.base + m.index().min(text.len());
        }
        let (mut chars, mut bytes) = self.cursor.get();
        if m.index() < chars {
            (chars, bytes) = (0, 0);
        }
        let ahead = m.index() - chars;
        let step = text[bytes..]
            .char_indices()
            .nth(ahead)
            .map_or(text.len() - bytes, |(i, _)| i);
        self.cursor.set((m.index(), bytes + step));
        self.base + bytes + step
    }

    fn range(&self, span: Span) -> Range<usize> {
        let start = self.offset(span.start);
        start..self.trim_end(start, self.offset(span.end))
    }

    /// Block nodes end at the start of the next line: show them without the trailing break.
    fn trim_end(&self, start: usize, mut end: usize) -> usize {
        end = end.max(start);
        while end > start && self.src.text.as_bytes()[end - 1].is_ascii_whitespace() {
            end -= 1;
        }
        end
    }

    fn fail(&mut self, message: String, at: Range<usize>) {
        if self.error.is_none() {
            self.error = Some(LoadError::new(message, at));
        }
    }

    /// The pointer and key range a value starting now gets, or None while a key is expected.
    fn slot(&mut self) -> Option<Option<Range<usize>>> {
        let pointer = &mut self.pointer;
        pointer.clear();
        match self.frames.last() {
            None => Some(None),
            Some(open) => match &open.frame {
                Frame::Map {
                    key: Some((k, r)), ..
                } => {
                    pointer.push_str(&open.pointer);
                    push_token(pointer, k);
                    Some(Some(r.clone()))
                }
                Frame::Map { .. } => None,
                Frame::Seq(items) => {
                    pointer.push_str(&open.pointer);
                    pointer.push('/');
                    // Writing to a String cannot fail.
                    let _ = write!(pointer, "{}", items.len());
                    Some(None)
                }
            },
        }
    }

    /// Adds a finished value to its parent (or makes it the root).
    fn attach(&mut self, value: Value, nodes: usize) {
        match self.frames.last_mut() {
            None => self.root = Some(value),
            Some(open) => {
                open.nodes += nodes;
                match &mut open.frame {
                    Frame::Map {
                        map,
                        key,
                        key_pending,
                    } => {
                        if let Some((k, _)) = key.take() {
                            map.insert(k, value);
                        }
                        *key_pending = true;
                    }
                    Frame::Seq(items) => items.push(value),
                }
            }
        }
    }

    fn scalar(
        &mut self,
        text: Cow<'_, str>,
        style: YamlStyle,
        anchor: usize,
        tag: Option<Cow<'_, Tag>>,
        span: Span,
    ) {
        let mut range = self.range(span);
        // saphyr's span opens at the node's properties (`!tag`, `&anchor`): the scalar itself,
        // and so every position inside it, starts after them.
        if tag.is_some() || anchor > 0 {
            range.start = skip_properties(&self.src.text, range.clone());
            if matches!(style, YamlStyle::Literal | YamlStyle::Folded) {
                // Without properties, saphyr's span of a block scalar starts at its first
                // content character: do the same past the header line.
                range.start = past_block_header(&self.src.text, range.clone());
            }
        }
        // A scalar where a key is expected is the key.
        if let Some(Open {
            frame:
                Frame::Map {
                    map,
                    key,
                    key_pending,
                },
            ..
        }) = self.frames.last_mut()
        {
            if *key_pending {
                let k = fitted(text.into_owned());
                self.dotted |= k.contains('.');
                if map.contains_key(&k) {
                    let msg = format!("duplicate key `{k}` in one mapping");
                    self.fail(msg, range);
                } else {
                    *key = Some((k, range));
                    *key_pending = false;
                }
                return;
            }
        }
        let Some(key) = self.slot() else {
            return;
        };
        let value = scalar_value(text, style, tag.as_deref());
        let style = value.is_string().then(|| map_style(style));
        self.locator.insert(
            &self.pointer,
            Node {
                key,
                value: range,
                style,
            },
        );
        self.nodes += 1;
        if anchor > 0 {
            let bytes = value.as_str().map_or(8, str::len);
            self.anchors.insert(anchor, (value.clone(), 1, bytes));
        }
        self.attach(value, 1);
    }

    fn open(&mut self, frame: Frame, anchor: usize, span: Span) {
        let start = self.offset(span.start);
        if self.frames.len() >= MAX_DEPTH {
            self.fail(
                format!("the YAML nests deeper than {MAX_DEPTH} levels"),
                start..start,
            );
            return;
        }
        let Some(key) = self.slot() else {
            self.fail(
                "complex mapping keys are not supported".into(),
                start..start,
            );
            return;
        };
        self.frames.push(Open {
            frame,
            pointer: self.pointer.clone(),
            key,
            start,
            anchor,
            nodes: 1,
        });
    }

    fn close(&mut self, span: Span) {
        let Some(open) = self.frames.pop() else {
            return;
        };
        let end = self.trim_end(open.start, self.offset(span.end));
        let value = match open.frame {
            Frame::Map { map, .. } => Value::Object(map),
            Frame::Seq(items) => Value::Array(items),
        };
        let range = open.start..end;
        self.locator.insert(
            open.pointer,
            Node {
                key: open.key,
                value: range,
                style: None,
            },
        );
        self.nodes += 1;
        if open.anchor > 0 {
            let bytes = text_bytes(&value);
            self.anchors
                .insert(open.anchor, (value.clone(), open.nodes, bytes));
        }
        self.attach(value, open.nodes);
    }

    fn alias(&mut self, id: usize, span: Span) {
        let range = self.range(span);
        let Some(&(_, count, bytes)) = self.anchors.get(&id) else {
            self.fail("alias to an unknown anchor".into(), range);
            return;
        };
        self.nodes += count;
        if self.nodes > MAX_NODES {
            let msg = format!("YAML aliases expand to more than {MAX_NODES} values");
            self.fail(msg, range);
            return;
        }
        // Counted before the value is copied: a budget spent is never allocated.
        self.aliased += bytes;
        if self.aliased > MAX_ALIASED_BYTES {
            let mb = MAX_ALIASED_BYTES / (1024 * 1024);
            self.fail(
                format!("YAML aliases expand to more than {mb} MB of text"),
                range,
            );
            return;
        }
        let Some((value, _, _)) = self.anchors.get(&id).cloned() else {
            return;
        };
        if let Some(key) = self.slot() {
            self.locator.insert(
                &self.pointer,
                Node {
                    key,
                    value: range,
                    style: None,
                },
            );
            self.attach(value, count);
        } else {
            self.fail("an alias cannot be a mapping key here".into(), range);
        }
    }
}

impl<'input> SpannedEventReceiver<'input> for Builder<'_> {
    fn on_event(&mut self, ev: Event<'input>, span: Span) {
        if self.error.is_some() {
            return;
        }
        match ev {
            Event::Scalar(text, style, anchor, tag) => self.scalar(text, style, anchor, tag, span),
            Event::MappingStart(anchor, _) => self.open(
                Frame::Map {
                    map: Map::new(),
                    key: None,
                    key_pending: true,
                },
                anchor,
                span,
            ),
            Event::SequenceStart(anchor, _) => self.open(Frame::Seq(Vec::new()), anchor, span),
            Event::MappingEnd | Event::SequenceEnd => self.close(span),
            Event::Alias(id) => self.alias(id, span),
            _ => {}
        }
    }
}

/// The bytes of text in `value` (strings and keys; 8 for any other scalar), for the aliases'
/// budget. Walked once, when its anchor closes.
fn text_bytes(value: &Value) -> usize {
    match value {
        Value::String(s) => s.len(),
        Value::Array(items) => items.iter().map(text_bytes).sum(),
        Value::Object(map) => map.iter().map(|(k, v)| k.len() + text_bytes(v)).sum(),
        _ => 8,
    }
}
