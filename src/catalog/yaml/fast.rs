//! A fast path for the YAML that catalog files are nearly always written in:
//! block mappings and sequences of one-line scalars (plain, quoted, or short
//! flow lists). It reads a document line by line without a token queue and
//! gives the same value and positions as the full parser, which is several
//! times slower. Anything outside that subset (block scalars, anchors, tags,
//! flow mappings, multi-line scalars, tabs, escapes, quoted keys, duplicate
//! keys, anything it does not recognise) makes it give up, and the full
//! parser reads the document instead; errors are always the full parser's.
//! Tests compare the two on every document they can find.

use serde_json::{Map, Value};

use super::{Document, MAX_DEPTH, Placed, Pos, RawDocument, key_string, non_finite, resolve_plain};

/// `Some(Some(doc))`: parsed; `Some(None)`: an empty document; `None`: not
/// in the subset, use the full parser.
/// Room for the entries of a typical catalog mapping, so that building one
/// seldom grows (and copies) its storage.
const CONTAINER_CAPACITY: usize = 8;

pub(super) fn parse(doc: &RawDocument<'_>) -> Option<Option<Document>> {
    let text = doc.text;
    if text.as_bytes().iter().any(|&b| b == b'\t' || b == b'\r') {
        return None;
    }
    let mut parser = FastParser {
        stack: Vec::with_capacity(8),
        positions: Vec::with_capacity(32),
        pending: None,
        root: None,
    };
    for (index, line) in text.split('\n').enumerate() {
        let line_no = doc.first_line as u32 + index as u32 + 1;
        let trimmed = line.trim_start_matches(' ');
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if index == 0 && line.starts_with("---") {
            if line[3..].trim_end_matches(' ').is_empty() {
                continue;
            }
            return None;
        }
        if line.starts_with("...") || line.starts_with('%') || line.starts_with("---") {
            return None;
        }
        let indent = line.len() - trimmed.len();
        parser.line(line_no, indent, trimmed.trim_end_matches(' '))?;
    }
    parser.finish()
}

enum Kind {
    Mapping(Map<String, Value>),
    Sequence(Vec<Value>),
}

struct Container {
    /// Column (0-based) of the keys or dashes.
    indent: usize,
    /// A sequence at its parent key's indentation (`key:\n- a`).
    indentless: bool,
    pos: Pos,
    kind: Kind,
    children: Vec<Placed>,
    /// Where this container goes when it closes.
    slot: Slot,
}

/// Where a value goes: under a key of the enclosing mapping, as an item of
/// the enclosing sequence, or at the root.
enum Slot {
    Root,
    Key(String, Pos),
    Item,
}

/// A key or dash whose value is on the following lines.
struct Pending {
    indent: usize,
    slot: Slot,
    /// Where an empty value would be (after the colon or dash).
    empty_pos: Pos,
    /// A key (may be followed by an indentless sequence) or a dash.
    is_key: bool,
}

struct FastParser {
    stack: Vec<Container>,
    positions: Vec<Placed>,
    pending: Option<Pending>,
    root: Option<(Value, Placed)>,
}

impl FastParser {
    fn line(&mut self, line: u32, indent: usize, rest: &str) -> Option<()> {
        let is_dash = rest == "-" || rest.starts_with("- ");
        // A pending key or dash gets its value: a nested block, or null.
        if let Some(pending) = self.pending.take() {
            let nested =
                indent > pending.indent || (pending.is_key && indent == pending.indent && is_dash);
            if nested {
                if self.stack.len() >= MAX_DEPTH {
                    return None;
                }
                let pos = Pos {
                    line,
                    column: indent as u32 + 1,
                };
                let (kind, indentless) = if is_dash {
                    (Kind::Sequence(Vec::new()), indent == pending.indent)
                } else {
                    (Kind::Mapping(Map::with_capacity(CONTAINER_CAPACITY)), false)
                };
                if is_dash && !pending.is_key {
                    // A block sequence as a sequence item: rare, and placed
                    // differently by the full parser; let it handle it.
                    return None;
                }
                // The full parser places an indentless sequence at its
                // first item's content.
                let pos = if indentless {
                    Pos {
                        line,
                        column: pos.column + 2,
                    }
                } else {
                    pos
                };
                self.stack.push(Container {
                    indent,
                    indentless,
                    pos,
                    kind,
                    children: Vec::with_capacity(CONTAINER_CAPACITY),
                    slot: pending.slot,
                });
            } else {
                self.attach(pending.slot, Value::Null, pending.empty_pos)?;
            }
        }
        // Close what this line is outside of.
        while let Some(top) = self.stack.last() {
            let closes =
                indent < top.indent || (top.indentless && indent == top.indent && !is_dash);
            if !closes {
                break;
            }
            self.close()?;
        }
        if self.stack.is_empty() {
            if self.root.is_some() || indent != 0 {
                return None;
            }
            // The root container.
            let pos = Pos { line, column: 1 };
            let kind = if is_dash {
                Kind::Sequence(Vec::new())
            } else {
                Kind::Mapping(Map::with_capacity(CONTAINER_CAPACITY))
            };
            self.stack.push(Container {
                indent: 0,
                indentless: false,
                pos,
                kind,
                children: Vec::with_capacity(CONTAINER_CAPACITY),
                slot: Slot::Root,
            });
        }
        let top = self.stack.last().expect("a container is open");
        if indent != top.indent {
            // More indented than its container, with nothing pending: a
            // continuation line or an error; not for the fast path.
            return None;
        }
        match (&top.kind, is_dash) {
            (Kind::Mapping(_), false) => self.entry(line, indent, rest),
            (Kind::Sequence(_), true) => self.item(line, indent, rest),
            _ => None,
        }
    }

    /// `key: value` or `key:` in the mapping on top of the stack.
    fn entry(&mut self, line: u32, indent: usize, rest: &str) -> Option<()> {
        let (raw_key, after) = split_key(rest)?;
        // Keys are resolved like values, then turned into strings as
        // JavaScript does (`~` becomes "", `0x1F` becomes "31").
        let key = key_string(plain_value(raw_key)?)?;
        let key_pos = Pos {
            line,
            column: indent as u32 + 1,
        };
        let value_offset =
            indent + raw_key.len() + 1 + (after.len() - after.trim_start_matches(' ').len());
        let after = after.trim_start_matches(' ');
        let slot = Slot::Key(key, key_pos);
        if after.is_empty() || after.starts_with('#') {
            self.pending = Some(Pending {
                indent,
                slot,
                // The full parser puts an empty value at the colon.
                empty_pos: Pos {
                    line,
                    column: (indent + raw_key.len() + 1) as u32,
                },
                is_key: true,
            });
            return Some(());
        }
        self.inline_value(slot, line, value_offset, after)
    }

    /// `- value`, `- key: value` or `-` in the sequence on top of the stack.
    fn item(&mut self, line: u32, indent: usize, rest: &str) -> Option<()> {
        let after = rest[1..].trim_start_matches(' ');
        let offset = indent + (rest.len() - after.len());
        if after.is_empty() || after.starts_with('#') {
            self.pending = Some(Pending {
                indent,
                slot: Slot::Item,
                empty_pos: Pos {
                    line,
                    column: indent as u32 + 2,
                },
                is_key: false,
            });
            return Some(());
        }
        if after == "-" || after.starts_with("- ") {
            return None;
        }
        if split_key(after).is_some() {
            // `- key: value` opens a mapping at the key's column.
            if self.stack.len() >= MAX_DEPTH {
                return None;
            }
            self.stack.push(Container {
                indent: offset,
                indentless: false,
                pos: Pos {
                    line,
                    column: offset as u32 + 1,
                },
                kind: Kind::Mapping(Map::with_capacity(CONTAINER_CAPACITY)),
                children: Vec::with_capacity(CONTAINER_CAPACITY),
                slot: Slot::Item,
            });
            return self.entry(line, offset, after);
        }
        self.inline_value(Slot::Item, line, offset, after)
    }

    /// A value written on the same line as its key or dash.
    fn inline_value(&mut self, slot: Slot, line: u32, offset: usize, text: &str) -> Option<()> {
        let pos = Pos {
            line,
            column: offset as u32 + 1,
        };
        let first = text.as_bytes()[0];
        match first {
            b'"' | b'\'' => {
                let (value, rest) = quoted(text)?;
                end_of_line(rest)?;
                self.attach(slot, Value::String(value), pos)
            }
            b'[' => {
                let (items, placed, rest) = flow_sequence(text, line, offset)?;
                end_of_line(rest)?;
                let first = self.positions.len() as u32;
                let len = placed.len() as u32;
                self.positions.extend(placed);
                let placed = Placed {
                    key: pos,
                    value: pos,
                    first,
                    len,
                };
                self.attach_placed(slot, Value::Array(items), placed)
            }
            b'{' => {
                end_of_line(text.strip_prefix("{}")?)?;
                self.attach(slot, Value::Object(Map::new()), pos)
            }
            _ => {
                let plain = plain_scalar(text)?;
                self.attach(slot, plain_value(plain)?, pos)
            }
        }
    }

    fn attach(&mut self, slot: Slot, value: Value, pos: Pos) -> Option<()> {
        self.attach_placed(
            slot,
            value,
            Placed {
                key: pos,
                value: pos,
                first: 0,
                len: 0,
            },
        )
    }

    fn attach_placed(&mut self, slot: Slot, value: Value, placed: Placed) -> Option<()> {
        match slot {
            Slot::Root => {
                self.root = Some((value, placed));
            }
            Slot::Key(key, key_pos) => {
                let top = self.stack.last_mut()?;
                let Kind::Mapping(map) = &mut top.kind else {
                    return None;
                };
                if map.insert(key, value).is_some() {
                    // A duplicate key: the full parser reports it.
                    return None;
                }
                top.children.push(Placed {
                    key: key_pos,
                    ..placed
                });
            }
            Slot::Item => {
                let top = self.stack.last_mut()?;
                let Kind::Sequence(items) = &mut top.kind else {
                    return None;
                };
                items.push(value);
                top.children.push(placed);
            }
        }
        Some(())
    }

    fn close(&mut self) -> Option<()> {
        let container = self.stack.pop()?;
        let first = self.positions.len() as u32;
        let len = container.children.len() as u32;
        self.positions.extend_from_slice(&container.children);
        let value = match container.kind {
            Kind::Mapping(map) => Value::Object(map),
            Kind::Sequence(items) => Value::Array(items),
        };
        self.attach_placed(
            container.slot,
            value,
            Placed {
                key: container.pos,
                value: container.pos,
                first,
                len,
            },
        )
    }

    fn finish(mut self) -> Option<Option<Document>> {
        if let Some(pending) = self.pending.take() {
            self.attach(pending.slot, Value::Null, pending.empty_pos)?;
        }
        while !self.stack.is_empty() {
            self.close()?;
        }
        let Some((value, root)) = self.root else {
            return Some(None);
        };
        Some(Some(Document {
            value,
            positions: self.positions,
            root,
            non_finite: Vec::new(),
        }))
    }
}

/// A plain scalar's value; `None` (the full parser's turn) for `.inf` and
/// `.nan`, which the document records besides the value.
fn plain_value(text: &str) -> Option<Value> {
    match non_finite(text) {
        Some(_) => None,
        None => Some(resolve_plain(text)),
    }
}

/// YAML's indicator characters: a plain scalar may not start with one
/// (the full parser decides what such a line means).
fn is_indicator(byte: u8) -> bool {
    b"-?:,[]{}#&*!|>'\"%@`".contains(&byte)
}

/// Splits `key: rest` or `key:`; `None` when the line is not a plain key.
fn split_key(line: &str) -> Option<(&str, &str)> {
    let bytes = line.as_bytes();
    if is_indicator(*bytes.first()?) {
        return None;
    }
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b':' if i + 1 == bytes.len() || bytes[i + 1] == b' ' => {
                let key = &line[..i];
                if key.ends_with(' ') || key.contains(" #") {
                    return None;
                }
                return Some((key, &line[i + 1..]));
            }
            b'#' if bytes[i - 1] == b' ' => return None,
            _ => {}
        }
        i += 1;
    }
    None
}

/// A one-line plain scalar up to a comment; `None` for anything the full
/// parser should judge (a `: ` inside, a trailing colon, indicators).
fn plain_scalar(text: &str) -> Option<&str> {
    let bytes = text.as_bytes();
    if is_indicator(bytes[0]) {
        return None;
    }
    let mut end = bytes.len();
    for i in 0..bytes.len() {
        match bytes[i] {
            b'#' if bytes[i - 1] == b' ' => {
                end = i;
                break;
            }
            b':' if i + 1 == bytes.len() || bytes[i + 1] == b' ' => return None,
            _ => {}
        }
    }
    Some(text[..end].trim_end_matches(' '))
}

/// A quoted scalar that ends on this line: `"..."` without escapes, or
/// `'...'` with `''`. Returns the value and the rest of the line.
fn quoted(text: &str) -> Option<(String, &str)> {
    let quote = text.as_bytes()[0];
    let body = &text[1..];
    if quote == b'"' {
        let end = body.find(['"', '\\'])?;
        if body.as_bytes()[end] == b'\\' {
            return None;
        }
        return Some((body[..end].to_string(), &body[end + 1..]));
    }
    let mut value = String::new();
    let mut rest = body;
    loop {
        let end = rest.find('\'')?;
        value.push_str(&rest[..end]);
        if rest[end + 1..].starts_with('\'') {
            value.push('\'');
            rest = &rest[end + 2..];
        } else {
            return Some((value, &rest[end + 1..]));
        }
    }
}

/// What may follow a value on its line: nothing, or spaces and a comment.
fn end_of_line(rest: &str) -> Option<()> {
    let trimmed = rest.trim_start_matches(' ');
    let comment = trimmed.starts_with('#') && trimmed.len() < rest.len();
    (trimmed.is_empty() || comment).then_some(())
}

/// `[a, b, "c"]` on one line, of scalars only.
fn flow_sequence(text: &str, line: u32, offset: usize) -> Option<(Vec<Value>, Vec<Placed>, &str)> {
    let mut items = Vec::new();
    let mut placed = Vec::new();
    let mut i = 1;
    let bytes = text.as_bytes();
    loop {
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        match bytes.get(i)? {
            b']' if items.is_empty() => return Some((items, placed, &text[i + 1..])),
            b'"' | b'\'' => {}
            &byte if is_indicator(byte) => return None,
            _ => {}
        }
        let pos = Pos {
            line,
            column: (offset + i) as u32 + 1,
        };
        let (value, consumed) = if matches!(bytes[i], b'"' | b'\'') {
            let (value, rest) = quoted(&text[i..])?;
            (Value::String(value), text.len() - i - rest.len())
        } else {
            let end = text[i..].find([',', ']'])?;
            let raw = text[i..i + end].trim_end_matches(' ');
            if raw.contains([':', '#', '[', '{', '}', '"', '\'']) {
                return None;
            }
            (plain_value(raw)?, end)
        };
        items.push(value);
        placed.push(Placed {
            key: pos,
            value: pos,
            first: 0,
            len: 0,
        });
        i += consumed;
        while i < bytes.len() && bytes[i] == b' ' {
            i += 1;
        }
        match bytes.get(i)? {
            b',' => i += 1,
            b']' => return Some((items, placed, &text[i + 1..])),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::{PathSegment, parse_document_slow, split_documents};
    use super::*;

    /// Every path into `value`, for comparing positions.
    fn paths(value: &Value, prefix: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        out.push(prefix.clone());
        match value {
            Value::Object(map) => {
                for (k, v) in map {
                    prefix.push(format!("k{k}"));
                    paths(v, prefix, out);
                    prefix.pop();
                }
            }
            Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    prefix.push(format!("i{i}"));
                    paths(v, prefix, out);
                    prefix.pop();
                }
            }
            _ => {}
        }
    }

    fn segments(path: &[String]) -> Vec<PathSegment<'_>> {
        path.iter()
            .map(|p| match p.split_at(1) {
                ("k", k) => PathSegment::Key(k),
                (_, i) => PathSegment::Index(i.parse().unwrap()),
            })
            .collect()
    }

    /// Asserts the fast path, where it answers, agrees with the full parser
    /// on the value and on every position `locate` can return. Returns
    /// whether the fast path answered.
    pub(crate) fn agrees(text: &str) -> bool {
        let mut answered = true;
        for doc in split_documents(text) {
            let Some(fast) = parse(&doc) else {
                answered = false;
                continue;
            };
            let slow = parse_document_slow(&doc).unwrap_or_else(|e| {
                panic!(
                    "fast path accepted a document the full parser refuses ({e}):\n{}",
                    doc.text
                )
            });
            match (fast, slow) {
                (None, None) => {}
                (Some(fast), Some(slow)) => {
                    assert_eq!(fast.value, slow.value, "values differ for:\n{}", doc.text);
                    assert_eq!(
                        fast.pos(),
                        slow.pos(),
                        "document positions differ for:\n{}",
                        doc.text
                    );
                    let mut all = Vec::new();
                    paths(&slow.value, &mut Vec::new(), &mut all);
                    for path in all {
                        let segs = segments(&path);
                        assert_eq!(
                            fast.locate(&segs),
                            slow.locate(&segs),
                            "position of {path:?} differs for:\n{}",
                            doc.text
                        );
                    }
                }
                (fast, slow) => panic!(
                    "emptiness differs ({} vs {}) for:\n{}",
                    fast.is_some(),
                    slow.is_some(),
                    doc.text
                ),
            }
        }
        answered
    }

    #[test]
    fn agrees_on_typical_entities() {
        let text = "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n  name: payments-service # the name\n  description: 'It''s the payments service'\n  title: \"Payments: the service\"\n  annotations:\n    github.com/project-slug: acme/payments\n    backstage.io/techdocs-ref: dir:.\n  tags: [go, \"payments\", 'x', 12]\n  links:\n    - url: https://example.com/a\n      title: Dashboard\n    - url: https://example.com/b\nspec:\n  type: service\n  lifecycle: production\n  owner: group:default/payments\n  dependsOn:\n  - resource:db\n  - component:stripe\n  providesApis:\n    -   payments-api\n  empty:\n  nested:\n    deeper:\n      deepest: true\n  list: []\n  map: {}\n  number: 012\n  float: 1.5e3\n  nothing: ~\n";
        assert!(agrees(text));
    }

    #[test]
    fn agrees_on_documents_and_comments() {
        assert!(agrees("---\n# comment\na: 1\n\n# trailing\n"));
        assert!(agrees("a: 1\n---\nb: [1, 2]\n---\n"));
        assert!(agrees("- a\n- b: 1\n  c: 2\n-\n- [x]\n"));
        assert!(agrees("a:\n  -\n  - b\n"));
        assert!(agrees("key:   spaced value   \n"));
        assert!(agrees("a: b#c\nd: e # f\n"));
        assert!(agrees("url: http://x:8080/a\n"));
    }

    #[test]
    fn gives_up_outside_the_subset() {
        for text in [
            "a: |\n  text\n",
            "a: >\n  text\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 1\n",
            "a: {b: 1}\n",
            "a: \"esc\\n\"\n",
            "'quoted': key\n",
            "a: multi\n  line\n",
            "a:\tb\n",
            "a: 1\na: 2\n",
            "a: b: c\n",
            "- - a\n",
            "a: [b, [c]]\n",
            "? complex\n: key\n",
            "a: 'unterminated\n  quote'\n",
            "--- a: 1\n",
            "plain scalar document\n",
        ] {
            let docs = split_documents(text);
            assert!(
                parse(&docs[0]).is_none(),
                "fast path should give up on:\n{text}"
            );
        }
    }

    #[test]
    fn agrees_on_generated_documents() {
        // A small deterministic generator over the subset and its edges.
        let mut seed: u64 = 0x9e3779b97f4a7c15;
        let mut next = |n: u64| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed % n
        };
        let scalars = [
            "x",
            "12",
            "-3",
            "0x1f",
            "true",
            "False",
            "null",
            "~",
            "'q'",
            "\"d\"",
            "a b",
            "a:b",
            "http://h:1/p",
            "1.5",
            ".inf",
            "'it''s'",
            "[]",
            "[a, b]",
            "{}",
            "x # c",
            "v1.2.3",
            "@at",
            "`tick`",
            "%pct",
            "a,b",
            "[a,]",
            "[ ]",
            "''",
            "\"\"",
        ];
        let keys = [
            "a",
            "b",
            "name",
            "spec",
            "github.com/slug",
            "k-1",
            "$text",
            "x y",
            "1",
            "true",
            "~",
            "0x1F",
            "1.0",
            "null",
            "-k",
            "k:v",
        ];
        let mut answered = 0;
        for _ in 0..3000 {
            let mut text = String::new();
            let mut depth_indents = vec![0usize];
            let lines = 1 + next(12);
            for _ in 0..lines {
                let indent = depth_indents[next(depth_indents.len() as u64) as usize];
                let pad = " ".repeat(indent);
                match next(6) {
                    0 => {
                        text.push_str(&format!(
                            "{pad}{}:\n",
                            keys[next(keys.len() as u64) as usize]
                        ));
                        depth_indents.push(indent + 2);
                    }
                    1 => text.push_str(&format!(
                        "{pad}- {}\n",
                        scalars[next(scalars.len() as u64) as usize]
                    )),
                    2 => {
                        text.push_str(&format!(
                            "{pad}- {}: {}\n",
                            keys[next(keys.len() as u64) as usize],
                            scalars[next(scalars.len() as u64) as usize]
                        ));
                        depth_indents.push(indent + 2);
                    }
                    3 => text.push_str(&format!("{pad}# comment\n")),
                    _ => text.push_str(&format!(
                        "{pad}{}: {}\n",
                        keys[next(keys.len() as u64) as usize],
                        scalars[next(scalars.len() as u64) as usize]
                    )),
                }
            }
            // Only documents the full parser accepts can be compared.
            let docs = split_documents(&text);
            if docs.iter().any(|d| parse_document_slow(d).is_err()) {
                continue;
            }
            if agrees(&text) {
                answered += 1;
            }
        }
        assert!(
            answered > 300,
            "the fast path should answer for a good share of documents, answered {answered}"
        );
    }

    /// Every YAML file of the real-world corpus (when ../shared is there)
    /// and of the fixtures: wherever the fast path answers, it must agree.
    #[test]
    fn agrees_on_real_catalog_files() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in [root.join("../shared/corpus"), root.join("fixtures")] {
            for entry in ignore::WalkBuilder::new(dir)
                .standard_filters(false)
                .build()
                .flatten()
            {
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "yaml" || e == "yml") {
                    files.push(path.to_path_buf());
                }
            }
        }
        let (mut total, mut answered) = (0, 0);
        for file in files {
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            let text = text.trim_start_matches('\u{feff}');
            for doc in split_documents(text) {
                if parse_document_slow(&doc).is_err() {
                    continue;
                }
                total += 1;
                if agrees(doc.text) {
                    answered += 1;
                }
            }
        }
        eprintln!("fast path answered {answered} of {total} documents");
    }
}
