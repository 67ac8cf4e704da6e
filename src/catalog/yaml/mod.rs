//! Catalog YAML: splitting a file into documents and parsing each one into a
//! tree that remembers where every node was written.
//!
//! Backstage reads catalog files with the `yaml` npm package (YAML 1.2, core
//! schema). plat parses with saphyr-parser (a YAML 1.2 parser that reports a
//! position for every event) and resolves scalars with the same core-schema
//! rules, so that `012`, `0b1`, `~` or `True` mean the same thing to plat as to
//! Backstage. Documents are split before parsing so that one broken document
//! cannot hide the others.

mod fast;

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, Span};
use serde_json::map::Entry;
use serde_json::{Map, Number, Value};

/// A 1-based line and column in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

/// Nodes deeper than this are refused: bounded stack, bounded time.
pub const MAX_DEPTH: usize = 128;

/// The `yaml` package refuses a document once `count * aliasCount` of any
/// anchor exceeds this (its `maxAliasCount`); plat applies the same rule, which
/// also bounds the memory an alias bomb can make us allocate.
const MAX_ALIAS_COUNT: u64 = 100;

/// One document of a multi-document file, as text.
#[derive(Debug, Clone)]
pub struct RawDocument<'a> {
    /// Index as Backstage counts documents (empty ones included).
    pub index: usize,
    /// 0-based line in the file where `text` starts.
    pub first_line: usize,
    pub text: &'a str,
}

/// Splits a YAML stream into documents at `---` and `...` markers in column 0,
/// the only places a document can end (YAML 1.2, 9.1). Text before the first
/// marker that holds nothing but comments and directives is not a document,
/// which is how the `yaml` package numbers documents.
pub fn split_documents(text: &str) -> Vec<RawDocument<'_>> {
    struct Chunk {
        start: usize,
        end: usize,
        first_line: usize,
        explicit: bool,
    }
    let mut chunks: Vec<Chunk> = Vec::new();
    let mut current = Chunk {
        start: 0,
        end: 0,
        first_line: 0,
        explicit: false,
    };
    let mut offset = 0;
    let mut open = true;
    for (line_no, line) in text.split_inclusive('\n').enumerate() {
        let line_end = offset + line.len();
        if is_marker(line, "---") {
            if open {
                current.end = offset;
                chunks.push(current);
            }
            current = Chunk {
                start: offset,
                end: line_end,
                first_line: line_no,
                explicit: true,
            };
            open = true;
        } else if is_marker(line, "...") {
            if open {
                current.end = line_end;
                chunks.push(current);
            }
            current = Chunk {
                start: line_end,
                end: line_end,
                first_line: line_no + 1,
                explicit: false,
            };
            open = true;
        } else {
            current.end = line_end;
        }
        offset = line_end;
    }
    if open {
        current.end = text.len();
        chunks.push(current);
    }

    let mut documents = Vec::new();
    let mut pending_prefix: Option<usize> = None;
    for chunk in chunks {
        let body = &text[chunk.start..chunk.end];
        if !chunk.explicit && !has_content(body) {
            // Comments or directives only: they belong to the next document.
            if body.lines().any(|l| l.starts_with('%')) {
                pending_prefix.get_or_insert(chunk.start);
            }
            continue;
        }
        let (start, first_line) = match pending_prefix.take() {
            Some(prefix_start) if chunk.explicit => {
                let lines_before = text[prefix_start..chunk.start].matches('\n').count();
                (prefix_start, chunk.first_line - lines_before)
            }
            _ => (chunk.start, chunk.first_line),
        };
        documents.push(RawDocument {
            index: documents.len(),
            first_line,
            text: &text[start..chunk.end],
        });
    }
    documents
}

fn is_marker(line: &str, marker: &str) -> bool {
    line.strip_prefix(marker)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t', '\r', '\n']))
}

fn has_content(body: &str) -> bool {
    body.lines().any(|line| {
        let t = line.trim_start_matches([' ', '\t', '\r']);
        !(t.is_empty() || t.starts_with('#') || line.starts_with('%'))
    })
}

/// A parsed document: its JSON value (as the `yaml` package's `toJS()`
/// gives it) and where each node was written.
#[derive(Debug, Clone)]
pub struct Document {
    pub value: Value,
    positions: Vec<Placed>,
    root: Placed,
    /// Numbers JavaScript has and JSON has not (`.inf`, `-.inf`, `.nan`),
    /// by JSON pointer: `value` holds null there, as JSON.stringify writes
    /// them, but validation describes them as Backstage sees them.
    pub non_finite: Vec<NonFinite>,
}

/// A `.inf`, `-.inf` or `.nan` scalar and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct NonFinite {
    /// A JSON pointer, e.g. `/metadata/namespace`.
    pub pointer: String,
    pub value: f64,
}

/// The core schema's infinities and not-a-number, as written plain.
fn non_finite(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    match unsigned {
        ".inf" | ".Inf" | ".INF" if text.starts_with('-') => Some(f64::NEG_INFINITY),
        ".inf" | ".Inf" | ".INF" => Some(f64::INFINITY),
        ".nan" | ".NaN" | ".NAN" if unsigned.len() == text.len() => Some(f64::NAN),
        _ => None,
    }
}

/// How JavaScript writes a number that JSON cannot hold (`String(x)`).
pub fn js_non_finite(value: f64) -> &'static str {
    if value.is_nan() {
        "NaN"
    } else if value > 0.0 {
        "Infinity"
    } else {
        "-Infinity"
    }
}

/// Where one node was written. The children of a container are stored
/// contiguously (`first..first + len`) in the order of the container's
/// entries, which is the order of the JSON map (insertion-ordered) or array.
#[derive(Debug, Clone, Copy, Default)]
struct Placed {
    /// For a mapping entry, its key; otherwise the node itself.
    key: Pos,
    value: Pos,
    first: u32,
    len: u32,
}

/// What went wrong parsing one document.
#[derive(Debug, Clone, PartialEq)]
pub struct YamlError {
    pub pos: Pos,
    pub kind: YamlErrorKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum YamlErrorKind {
    Syntax(String),
    DuplicateKey(String),
    TooDeep,
    AliasBomb,
    UnknownAnchor,
    KeyTooLarge,
}

impl std::fmt::Display for YamlError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.kind {
            YamlErrorKind::Syntax(message) => write!(f, "invalid YAML: {message}"),
            YamlErrorKind::DuplicateKey(key) => write!(f, "duplicate key `{key}` in a mapping"),
            YamlErrorKind::TooDeep => {
                write!(f, "document is nested more than {MAX_DEPTH} levels deep")
            }
            YamlErrorKind::AliasBomb => write!(
                f,
                "too many aliases (more than {MAX_ALIAS_COUNT} expansions of one anchor): refused as a resource exhaustion attack, as Backstage does"
            ),
            YamlErrorKind::UnknownAnchor => {
                write!(f, "alias refers to an anchor that is not defined before it")
            }
            YamlErrorKind::KeyTooLarge => write!(
                f,
                "a mapping key that is itself a mapping or sequence is over {MAX_KEY_TEXT} bytes as text"
            ),
        }
    }
}

impl YamlError {
    pub fn hint(&self) -> Option<&'static str> {
        match &self.kind {
            YamlErrorKind::Syntax(message) if message.contains("tab") => {
                Some("indent with spaces: YAML does not allow tabs for indentation")
            }
            YamlErrorKind::Syntax(_) => {
                Some("check the indentation and quoting around this position")
            }
            YamlErrorKind::DuplicateKey(_) => {
                Some("remove one of the two entries; Backstage refuses duplicate keys")
            }
            YamlErrorKind::TooDeep | YamlErrorKind::AliasBomb => Some(
                "catalog entities are small documents; write the data out without anchors and deep nesting",
            ),
            YamlErrorKind::UnknownAnchor => {
                Some("define the anchor (`&name`) before its alias (`*name`)")
            }
            YamlErrorKind::KeyTooLarge => Some("use plain text as mapping keys"),
        }
    }
}

/// Parses one document of a split stream. `Ok(None)` for an empty document
/// (or one that is just `null`, which Backstage skips too).
pub fn parse_document(doc: &RawDocument<'_>) -> Result<Option<Document>, YamlError> {
    match fast::parse(doc) {
        Some(parsed) => Ok(parsed),
        None => parse_document_slow(doc),
    }
}

/// What a file format makes of a node whose tag the core schema does not
/// know (MkDocs' `!ENV`, PyYAML's `!!python/name:...`): called with the tag
/// as written (`!ENV`, `!!python/name:x`) and the node as it parses without
/// the tag (a scalar as its text), it returns the value to use.
pub type TagResolver<'a> = &'a dyn Fn(&str, Value) -> Value;

/// [`parse_document`] for formats with their own tags: nodes with a tag
/// the core schema does not know go through `resolve`.
pub fn parse_document_with_tags(
    doc: &RawDocument<'_>,
    resolve: TagResolver<'_>,
) -> Result<Option<Document>, YamlError> {
    parse_full(doc, Some(resolve))
}

/// The full YAML 1.2 parser: every document, every error.
fn parse_document_slow(doc: &RawDocument<'_>) -> Result<Option<Document>, YamlError> {
    parse_full(doc, None)
}

fn parse_full(
    doc: &RawDocument<'_>,
    tags: Option<TagResolver<'_>>,
) -> Result<Option<Document>, YamlError> {
    let mut builder = Builder {
        line_offset: doc.first_line as u32,
        anchors: HashMap::new(),
        positions: Vec::new(),
        spare: Vec::new(),
        tags,
        non_finite: Vec::new(),
    };
    builder.run(doc.text)
}

/// An anchored node, kept to copy at each alias, with the `yaml` package's
/// bookkeeping: how often it was used and how much aliasing it contains.
struct Anchor {
    value: Value,
    count: u64,
    weight: u64,
}

struct Builder<'a> {
    line_offset: u32,
    anchors: HashMap<usize, Anchor>,
    positions: Vec<Placed>,
    /// Emptied child lists, reused so that containers cost no allocation.
    spare: Vec<Vec<Placed>>,
    tags: Option<TagResolver<'a>>,
    non_finite: Vec<NonFinite>,
}

enum Collection {
    Sequence(Vec<Value>),
    Mapping(Map<String, Value>, Option<(String, Pos)>),
}

struct Frame {
    pos: Pos,
    anchor: usize,
    /// A tag left to the [`TagResolver`].
    tag: Option<String>,
    collection: Collection,
    children: Vec<Placed>,
    /// Largest alias weight among the children (the `yaml` package's
    /// `getAliasCount`), counted as the document is read.
    weight: u64,
}

/// A completed node on its way to its parent.
struct Complete {
    value: Value,
    pos: Pos,
    placed: Placed,
    weight: u64,
    /// A scalar that is a non-finite number (its value is null).
    non_finite: Option<f64>,
}

impl Builder<'_> {
    fn pos(&self, span: &Span) -> Pos {
        Pos {
            line: span.start.line() as u32 + self.line_offset,
            column: span.start.col() as u32 + 1,
        }
    }

    fn run(&mut self, text: &str) -> Result<Option<Document>, YamlError> {
        let mut parser = Parser::new_from_str(text);
        let mut stack: Vec<Frame> = Vec::new();
        let mut root: Option<Complete> = None;
        loop {
            let (event, span) = match parser.next_event() {
                None => break,
                Some(Ok(pair)) => pair,
                Some(Err(error)) => {
                    let mark = error.marker();
                    // The scanner counts flow nesting in a u8 and gives up first.
                    let kind = if error.info() == "recursion limit exceeded" {
                        YamlErrorKind::TooDeep
                    } else {
                        YamlErrorKind::Syntax(error.info().to_string())
                    };
                    return Err(YamlError {
                        pos: Pos {
                            line: mark.line() as u32 + self.line_offset,
                            column: mark.col() as u32 + 1,
                        },
                        kind,
                    });
                }
            };
            let pos = self.pos(&span);
            let complete = match event {
                Event::StreamEnd => break,
                Event::Nothing
                | Event::StreamStart
                | Event::DocumentStart(_)
                | Event::DocumentEnd => continue,
                Event::SequenceStart(anchor, ref tag) | Event::MappingStart(anchor, ref tag) => {
                    if stack.len() >= MAX_DEPTH {
                        return Err(YamlError {
                            pos,
                            kind: YamlErrorKind::TooDeep,
                        });
                    }
                    let collection = if matches!(event, Event::SequenceStart(..)) {
                        Collection::Sequence(Vec::new())
                    } else {
                        Collection::Mapping(Map::new(), None)
                    };
                    let tag = self.resolved_by_hook(tag.as_deref());
                    stack.push(Frame {
                        pos,
                        anchor,
                        tag,
                        collection,
                        children: self.spare.pop().unwrap_or_default(),
                        weight: 0,
                    });
                    continue;
                }
                Event::SequenceEnd | Event::MappingEnd => {
                    let Some(frame) = stack.pop() else { continue };
                    self.close(frame)
                }
                Event::Scalar(text, style, anchor, tag) => {
                    let value = match (self.tags, self.resolved_by_hook(tag.as_deref())) {
                        (Some(resolve), Some(tag)) => {
                            resolve(&tag, Value::String(text.to_string()))
                        }
                        _ => resolve_scalar(&text, style, tag.as_deref()),
                    };
                    self.anchor(anchor, &value, 1);
                    let explicit_null = tag.as_deref().is_some_and(|t| t.suffix == "null");
                    Complete {
                        non_finite: non_finite(&text).filter(|_| value.is_null() && !explicit_null),
                        value,
                        pos,
                        placed: Placed {
                            key: pos,
                            value: pos,
                            ..Placed::default()
                        },
                        weight: 1,
                    }
                }
                Event::Alias(id) => self.alias(id, pos)?,
            };
            if let Some(number) = complete.non_finite {
                self.note_non_finite(&stack, number);
            }
            // Attach the completed node to its parent.
            let Some(parent) = stack.last_mut() else {
                root = Some(complete);
                continue;
            };
            match &mut parent.collection {
                Collection::Sequence(items) => {
                    items.push(complete.value);
                    parent.children.push(complete.placed);
                    parent.weight = parent.weight.max(complete.weight);
                }
                Collection::Mapping(map, pending) => match pending.take() {
                    None => {
                        let key = match complete.non_finite {
                            Some(number) => Some(js_non_finite(number).to_string()),
                            None => key_string(complete.value),
                        }
                        .ok_or(YamlError {
                            pos: complete.pos,
                            kind: YamlErrorKind::KeyTooLarge,
                        })?;
                        *pending = Some((key, complete.pos));
                    }
                    Some((key, key_pos)) => {
                        match map.entry(key) {
                            Entry::Occupied(entry) => {
                                return Err(YamlError {
                                    pos: key_pos,
                                    kind: YamlErrorKind::DuplicateKey(entry.key().clone()),
                                });
                            }
                            Entry::Vacant(entry) => {
                                entry.insert(complete.value);
                            }
                        }
                        parent.children.push(Placed {
                            key: key_pos,
                            ..complete.placed
                        });
                        // A key counts 1, as the `yaml` package counts pairs.
                        parent.weight = parent.weight.max(complete.weight).max(1);
                    }
                },
            }
        }
        let Some(root) = root else { return Ok(None) };
        if root.value.is_null() {
            return Ok(None);
        }
        Ok(Some(Document {
            value: root.value,
            positions: std::mem::take(&mut self.positions),
            root: root.placed,
            non_finite: std::mem::take(&mut self.non_finite),
        }))
    }

    /// Records a non-finite number about to be attached as a value (not as
    /// a key) under the open collections: its pointer is their keys and
    /// indexes.
    fn note_non_finite(&mut self, stack: &[Frame], number: f64) {
        let mut pointer = String::new();
        for frame in stack {
            pointer.push('/');
            match &frame.collection {
                Collection::Sequence(items) => pointer.push_str(&items.len().to_string()),
                Collection::Mapping(_, Some((key, _))) => {
                    pointer.push_str(&key.replace('~', "~0").replace('/', "~1"));
                }
                // A key, not a value.
                Collection::Mapping(_, None) => return,
            }
        }
        self.non_finite.push(NonFinite {
            pointer,
            value: number,
        });
    }

    fn close(&mut self, mut frame: Frame) -> Complete {
        let first = self.positions.len() as u32;
        let len = frame.children.len() as u32;
        self.positions.extend_from_slice(&frame.children);
        frame.children.clear();
        self.spare.push(frame.children);
        let mut value = match frame.collection {
            Collection::Sequence(items) => Value::Array(items),
            Collection::Mapping(map, _) => Value::Object(map),
        };
        if let (Some(resolve), Some(tag)) = (self.tags, frame.tag) {
            value = resolve(&tag, value);
        }
        self.anchor(frame.anchor, &value, frame.weight);
        Complete {
            value,
            pos: frame.pos,
            placed: Placed {
                key: frame.pos,
                value: frame.pos,
                first,
                len,
            },
            weight: frame.weight,
            non_finite: None,
        }
    }

    /// The tag as written, when a [`TagResolver`] is to resolve it: any tag
    /// but the core schema's own and the non-specific `!`.
    fn resolved_by_hook(&self, tag: Option<&saphyr_parser::Tag>) -> Option<String> {
        self.tags?;
        let tag = tag?;
        let core = tag.handle == "tag:yaml.org,2002:" || tag.handle == "!!";
        if core && CORE_TAGS.contains(&tag.suffix.as_str()) {
            return None;
        }
        if tag.handle == "!" && tag.suffix.is_empty() {
            return None;
        }
        let handle = if core { "!!" } else { tag.handle.as_str() };
        Some(format!("{handle}{}", tag.suffix))
    }

    fn anchor(&mut self, id: usize, value: &Value, weight: u64) {
        if id != 0 {
            self.anchors.insert(
                id,
                Anchor {
                    value: value.clone(),
                    count: 1,
                    weight,
                },
            );
        }
    }

    /// An alias copies its anchor's value, unless the `yaml` package would
    /// refuse it: `count * weight` of the anchor may not exceed the limit.
    fn alias(&mut self, id: usize, pos: Pos) -> Result<Complete, YamlError> {
        let Some(anchor) = self.anchors.get_mut(&id) else {
            return Err(YamlError {
                pos,
                kind: YamlErrorKind::UnknownAnchor,
            });
        };
        anchor.count += 1;
        let weight = anchor.count.saturating_mul(anchor.weight);
        if weight > MAX_ALIAS_COUNT {
            return Err(YamlError {
                pos,
                kind: YamlErrorKind::AliasBomb,
            });
        }
        Ok(Complete {
            value: anchor.value.clone(),
            pos,
            placed: Placed {
                key: pos,
                value: pos,
                ..Placed::default()
            },
            weight,
            non_finite: None,
        })
    }
}

impl Document {
    /// Where the document starts.
    pub fn pos(&self) -> Pos {
        self.root.value
    }

    /// Where the entry at `path` was written (its key, for mapping entries),
    /// or the nearest ancestor that exists. Paths into values that were
    /// replaced after parsing (placeholders) stop at the replaced node.
    pub fn locate(&self, path: &[PathSegment<'_>]) -> Pos {
        let mut value = &self.value;
        let mut placed = self.root;
        let mut best = self.root.value;
        for segment in path {
            let found = match (value, segment) {
                (Value::Object(map), PathSegment::Key(key)) => map
                    .iter()
                    .enumerate()
                    .find(|(_, (k, _))| k == key)
                    .map(|(i, (_, v))| (i, v)),
                (Value::Array(items), PathSegment::Index(i)) => items.get(*i).map(|v| (*i, v)),
                _ => None,
            };
            let Some((index, child)) = found else { break };
            if index as u32 >= placed.len {
                break;
            }
            placed = self.positions[(placed.first + index as u32) as usize];
            best = match segment {
                PathSegment::Key(_) => placed.key,
                PathSegment::Index(_) => placed.value,
            };
            value = child;
        }
        best
    }
}

/// One step of a path into a document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathSegment<'a> {
    Key(&'a str),
    Index(usize),
}

/// Splits a JSON pointer (`/spec/providesApis/0`) into path segments.
pub fn pointer_segments(pointer: &str) -> Vec<Cow<'_, str>> {
    pointer
        .split('/')
        .skip(1)
        .map(|s| {
            if s.contains('~') {
                Cow::Owned(s.replace("~1", "/").replace("~0", "~"))
            } else {
                Cow::Borrowed(s)
            }
        })
        .collect()
}

/// The longest a mapping or sequence used as a key may be as text. Each
/// level of keys nested in keys escapes the one inside again, so the text
/// doubles with depth: a few hundred bytes of `{{{{...` would be gigabytes.
const MAX_KEY_TEXT: usize = 4096;

/// How the `yaml` package turns a key into a JavaScript object key; None
/// when a collection key would be longer than [`MAX_KEY_TEXT`] as text.
fn key_string(value: Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s),
        Value::Null => Some(String::new()),
        other => {
            let mut out = Limited(Vec::new());
            serde_json::to_writer(&mut out, &other).ok()?;
            String::from_utf8(out.0).ok()
        }
    }
}

/// A writer that refuses to grow past [`MAX_KEY_TEXT`].
struct Limited(Vec<u8>);

impl std::io::Write for Limited {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > MAX_KEY_TEXT {
            return Err(std::io::Error::other("key too large"));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The core schema's tags (`!!str`, `!!map`...).
const CORE_TAGS: [&str; 7] = ["str", "null", "bool", "int", "float", "map", "seq"];

/// Resolves a scalar with the YAML 1.2 core schema, as the `yaml` package does.
fn resolve_scalar(text: &str, style: ScalarStyle, tag: Option<&saphyr_parser::Tag>) -> Value {
    if let Some(tag) = tag {
        if tag.handle == "tag:yaml.org,2002:" || tag.handle == "!!" {
            return match tag.suffix.as_str() {
                "str" => Value::String(text.to_string()),
                "null" => Value::Null,
                "bool" => {
                    core_bool(text).map_or_else(|| Value::String(text.to_string()), Value::Bool)
                }
                "int" | "float" => {
                    core_number(text).unwrap_or_else(|| Value::String(text.to_string()))
                }
                _ => resolve_plain(text),
            };
        }
        if tag.handle == "!" && tag.suffix.is_empty() {
            // The non-specific tag `!` forces a string.
            return Value::String(text.to_string());
        }
        // Unknown tags: the `yaml` package warns and keeps the text.
        return Value::String(text.to_string());
    }
    match style {
        ScalarStyle::Plain => resolve_plain(text),
        _ => Value::String(text.to_string()),
    }
}

fn resolve_plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        _ => {}
    }
    if let Some(b) = core_bool(text) {
        return Value::Bool(b);
    }
    core_number(text).unwrap_or_else(|| Value::String(text.to_string()))
}

fn core_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

fn core_number(text: &str) -> Option<Value> {
    let bytes = text.as_bytes();
    if bytes.is_empty() {
        return None;
    }
    if let Some(oct) = text.strip_prefix("0o") {
        if !oct.is_empty() && oct.bytes().all(|b| (b'0'..=b'7').contains(&b)) {
            return Some(js_integer(u128::from_str_radix(oct, 8).ok()? as f64));
        }
        return None;
    }
    if let Some(hex) = text.strip_prefix("0x") {
        if !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Some(js_integer(u128::from_str_radix(hex, 16).ok()? as f64));
        }
        return None;
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    if !unsigned.is_empty() && unsigned.bytes().all(|b| b.is_ascii_digit()) {
        let magnitude: f64 = unsigned.parse().ok()?;
        let value = if text.starts_with('-') {
            -magnitude
        } else {
            magnitude
        };
        return Some(js_integer(value));
    }
    match unsigned {
        ".inf" | ".Inf" | ".INF" => return Some(Value::Null),
        _ => {}
    }
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        // JavaScript has NaN and Infinity; JSON has neither and writes null.
        return Some(Value::Null);
    }
    if is_core_float(unsigned) {
        let f: f64 = text.trim_start_matches('+').parse().ok()?;
        return Some(js_number(f));
    }
    None
}

/// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, sign already removed.
fn is_core_float(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    if b.first() == Some(&b'.') {
        i = 1;
        if digits(&mut i) == 0 {
            return false;
        }
    } else {
        if digits(&mut i) == 0 {
            return false;
        }
        if b.get(i) == Some(&b'.') {
            i += 1;
            digits(&mut i);
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// JavaScript numbers are doubles: integers beyond 2^53 lose precision there too.
fn js_integer(value: f64) -> Value {
    if value.abs() < 9_007_199_254_740_992.0 {
        Value::Number(Number::from(value as i64))
    } else {
        js_number(value)
    }
}

fn js_number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 9_007_199_254_740_992.0 {
        return Value::Number(Number::from(value as i64));
    }
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn docs(text: &str) -> Vec<(usize, usize, &str)> {
        split_documents(text)
            .into_iter()
            .map(|d| (d.index, d.first_line, d.text))
            .collect()
    }

    fn parse(text: &str) -> Result<Option<Value>, YamlError> {
        let doc = &split_documents(text)[0];
        parse_document(doc).map(|n| n.map(|n| n.value))
    }

    #[test]
    fn splits_like_the_yaml_package_counts() {
        assert_eq!(docs("").len(), 0);
        assert_eq!(docs("# only a comment\n").len(), 0);
        assert_eq!(docs("\n\n").len(), 0);
        assert_eq!(docs("a: 1\n").len(), 1);
        assert_eq!(docs("---\na: 1\n").len(), 1);
        assert_eq!(docs("# c\n---\na: 1\n").len(), 1);
        assert_eq!(docs("a: 1\n---\n").len(), 2);
        assert_eq!(docs("a: 1\n---\nb: 2\n").len(), 2);
        assert_eq!(docs("a: 1\n...\n").len(), 1);
        assert_eq!(docs("a: 1\n...\nb: 2\n").len(), 2);
        assert_eq!(docs("a: 1\n...\n# c\n").len(), 1);
        assert_eq!(docs("---\n---\n").len(), 2);
        assert_eq!(docs("%YAML 1.2\n---\na: 1\n").len(), 1);
    }

    #[test]
    fn documents_keep_their_first_line() {
        let d = docs("a: 1\n---\nb: 2\n---\nc: 3\n");
        assert_eq!(d[1].1, 1);
        assert_eq!(d[2].1, 3);
        assert_eq!(d[2].2, "---\nc: 3\n");
    }

    #[test]
    fn a_dash_line_inside_text_is_not_a_marker() {
        assert_eq!(docs("a: |\n  ---\n  x\n").len(), 1);
        assert_eq!(docs("a: ---x\n").len(), 1);
        assert_eq!(docs("----\n").len(), 1);
    }

    #[test]
    fn resolves_scalars_with_the_core_schema() {
        let v = parse("a: 012\nb: 0b1\nc: +12\nd: 1e3\ne: .5\nf: 0x1F\ng: yes\nh: ~\ni: 'true'\nj: True\nk: 2001-12-14\nl: 1_000\nm: 0o17\n")
            .unwrap()
            .unwrap();
        assert_eq!(v["a"], 12);
        assert_eq!(v["b"], "0b1");
        assert_eq!(v["c"], 12);
        assert_eq!(v["d"], 1000);
        assert_eq!(v["e"], 0.5);
        assert_eq!(v["f"], 31);
        assert_eq!(v["g"], "yes");
        assert_eq!(v["h"], Value::Null);
        assert_eq!(v["i"], "true");
        assert_eq!(v["j"], true);
        assert_eq!(v["k"], "2001-12-14");
        assert_eq!(v["l"], "1_000");
        assert_eq!(v["m"], 15);
    }

    #[test]
    fn a_tag_resolver_sees_unknown_tags_on_every_kind_of_node() {
        let text =
            "a: !ENV X\nb: !ENV [X, Y, d]\nc: !!python/name:m.f\nd: !t {k: v}\ne: !!str 12\n";
        let doc = &split_documents(text)[0];
        let seen = std::sync::Mutex::new(Vec::new());
        let resolve = |tag: &str, value: Value| {
            seen.lock().unwrap().push(format!("{tag} {value}"));
            Value::String(tag.into())
        };
        let parsed = parse_document_with_tags(doc, &resolve).unwrap().unwrap();
        assert_eq!(
            *seen.lock().unwrap(),
            [
                "!ENV \"X\"",
                "!ENV [\"X\",\"Y\",\"d\"]",
                "!!python/name:m.f \"\"",
                "!t {\"k\":\"v\"}",
            ]
        );
        assert_eq!(parsed.value["b"], "!ENV");
        assert_eq!(parsed.value["e"], "12", "core tags stay the core schema's");
        assert_eq!(
            parsed.locate(&[PathSegment::Key("d")]),
            Pos { line: 4, column: 1 }
        );
        // Without a resolver (catalog files), unknown tags keep their text.
        let plain = parse_document(doc).unwrap().unwrap();
        assert_eq!(plain.value["a"], "X");
        assert_eq!(plain.value["b"], serde_json::json!(["X", "Y", "d"]));
    }

    #[test]
    fn infinities_and_nan_are_null_values_noted_by_pointer_and_javascript_keys() {
        let text = "a: .inf\nb:\n  - x\n  - -.Inf\nc: {d/e: .NaN}\n.inf: k\n-.inf: l\n.nan: m\nf: '.inf'\ng: !!null .inf\n";
        let doc = parse_document(&split_documents(text)[0]).unwrap().unwrap();
        assert_eq!(doc.value["a"], Value::Null);
        assert_eq!(doc.value["b"][1], Value::Null);
        assert_eq!(doc.value["f"], ".inf", "quoted: a string");
        let noted: Vec<(&str, String)> = doc
            .non_finite
            .iter()
            .map(|n| (n.pointer.as_str(), js_non_finite(n.value).to_string()))
            .collect();
        assert_eq!(
            noted,
            [
                ("/a", "Infinity".to_string()),
                ("/b/1", "-Infinity".to_string()),
                ("/c/d~1e", "NaN".to_string())
            ]
        );
        // As keys they are JavaScript's text, as the `yaml` package makes them.
        assert_eq!(doc.value["Infinity"], "k");
        assert_eq!(doc.value["-Infinity"], "l");
        assert_eq!(doc.value["NaN"], "m");
    }

    #[test]
    fn keys_nested_in_keys_are_bounded() {
        // Found by fuzzing (dora_records): each level of a key that is a
        // mapping escapes the level inside again, doubling the text.
        let text = format!("{}x{}: 1\n", "{".repeat(40), "}".repeat(40));
        let started = std::time::Instant::now();
        let doc = &split_documents(&text)[0];
        let error = parse_document(doc).unwrap_err();
        assert_eq!(error.kind, YamlErrorKind::KeyTooLarge);
        assert!(started.elapsed() < std::time::Duration::from_secs(1));
        // Small collection keys still become text, as in JavaScript.
        let small = parse_document(&split_documents("{a: b}: 1\n")[0])
            .unwrap()
            .unwrap();
        assert_eq!(small.value, serde_json::json!({"{\"a\":\"b\"}": 1}));
    }

    #[test]
    fn keys_become_strings_as_in_javascript() {
        let v = parse("1: a\ntrue: b\n~: c\n").unwrap().unwrap();
        assert_eq!(v["1"], "a");
        assert_eq!(v["true"], "b");
        assert_eq!(v[""], "c");
    }

    #[test]
    fn merge_keys_are_plain_keys_in_yaml_1_2() {
        let v = parse("a: &x {b: 1}\nc:\n  <<: *x\n").unwrap().unwrap();
        assert_eq!(v["c"]["<<"]["b"], 1);
    }

    #[test]
    fn duplicate_keys_are_refused_at_the_second_key() {
        let e = parse("a: 1\nb: 2\na: 3\n").unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::DuplicateKey("a".into()));
        assert_eq!(e.pos, Pos { line: 3, column: 1 });
    }

    #[test]
    fn syntax_errors_have_file_positions() {
        let text = "a: 1\n---\nb: c\n  d: e\n";
        let d = &split_documents(text)[1];
        let e = parse_document(d).unwrap_err();
        assert!(matches!(e.kind, YamlErrorKind::Syntax(_)));
        assert_eq!(e.pos.line, 4);
    }

    #[test]
    fn tabs_as_indentation_are_refused() {
        assert!(parse("a:\n\tb: 1\n").is_err());
    }

    #[test]
    fn alias_bombs_are_refused_quickly() {
        let mut text = String::from("a: &a [x,x,x,x,x,x,x,x,x]\n");
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"];
        for w in names.windows(2) {
            text.push_str(&format!(
                "{}: &{} [{}]\n",
                w[1],
                w[1],
                vec![format!("*{}", w[0]); 9].join(",")
            ));
        }
        let e = parse(&text).unwrap_err();
        assert_eq!(e.kind, YamlErrorKind::AliasBomb);
    }

    #[test]
    fn a_hundred_aliases_of_a_scalar_are_too_many_as_in_the_yaml_package() {
        let ok = format!("a: &x 1\nb: [{}]\n", vec!["*x"; 98].join(","));
        assert!(parse(&ok).is_ok());
        let bad = format!("a: &x 1\nb: [{}]\n", vec!["*x"; 100].join(","));
        assert_eq!(parse(&bad).unwrap_err().kind, YamlErrorKind::AliasBomb);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("{}{}", "[".repeat(500), "]".repeat(500));
        assert_eq!(parse(&text).unwrap_err().kind, YamlErrorKind::TooDeep);
    }

    #[test]
    fn empty_documents_are_none() {
        assert_eq!(parse("---\n# nothing\n").unwrap(), None);
    }

    #[test]
    fn locate_finds_keys_and_items() {
        let text = "apiVersion: v1\nmetadata:\n  name: x\nspec:\n  deps:\n    - a\n    - b\n";
        let node = parse_document(&split_documents(text)[0]).unwrap().unwrap();
        use PathSegment::*;
        assert_eq!(node.pos(), Pos { line: 1, column: 1 });
        assert_eq!(
            node.locate(&[Key("metadata"), Key("name")]),
            Pos { line: 3, column: 3 }
        );
        assert_eq!(
            node.locate(&[Key("spec"), Key("deps"), Index(1)]),
            Pos { line: 7, column: 7 }
        );
        // Missing leaf: the nearest ancestor.
        assert_eq!(
            node.locate(&[Key("spec"), Key("owner")]),
            Pos { line: 4, column: 1 }
        );
    }
}
