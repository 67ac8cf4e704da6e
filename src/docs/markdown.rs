//! What a Markdown page links to and which anchors it has, with positions:
//! links and images as the Markdown parser sees them (none in code, reference
//! links resolved), heading anchors as Python-Markdown's `toc` extension
//! makes them (its `slugify`, `_1` suffixes for repeats, `{#id}` attributes),
//! and `id`/`name` attributes in inline HTML.

use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;
use unicode_normalization::UnicodeNormalization;

use crate::catalog::yaml::Pos;

/// A link or image in a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub destination: String,
    pub pos: Pos,
    pub image: bool,
}

/// What one page holds for link checking.
#[derive(Debug, Clone, Default)]
pub struct PageLinks {
    pub links: Vec<Link>,
    pub anchors: HashSet<String>,
}

static HTML_ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)')"#).expect("a valid regex")
});

/// Reads a page.
pub fn scan(text: &str) -> PageLinks {
    let lines = LineIndex::new(text);
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut page = PageLinks::default();
    let mut heading: Option<(String, Option<String>)> = None;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                ..
            })
            | Event::Start(Tag::Image {
                link_type,
                dest_url,
                ..
            }) => {
                if matches!(link_type, LinkType::Autolink | LinkType::Email) {
                    continue;
                }
                let image = text[range.clone()].starts_with('!');
                // Point at the destination when it is written in the link.
                let at = text[range.clone()]
                    .rfind(dest_url.as_ref())
                    .filter(|_| !dest_url.is_empty())
                    .map_or(range.start, |i| range.start + i);
                page.links.push(Link {
                    destination: dest_url.to_string(),
                    pos: lines.pos(at),
                    image,
                });
            }
            Event::Start(Tag::Heading { id, .. }) => {
                heading = Some((String::new(), id.map(|id| id.to_string())));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((text, _)) = &mut heading {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((text, id)) = heading.take() {
                    let (text, written_id) = split_attribute_list(&text);
                    let anchor = id
                        .or(written_id)
                        .unwrap_or_else(|| unique(&slugify(text), &page.anchors));
                    page.anchors.insert(anchor);
                }
            }
            Event::Html(html) | Event::InlineHtml(html) => {
                for found in HTML_ID.captures_iter(&html) {
                    if let Some(id) = found.get(1).or(found.get(2)) {
                        page.anchors.insert(id.as_str().to_string());
                    }
                }
            }
            _ => {}
        }
    }
    page
}

/// The text of a page's first level-1 heading (MkDocs' page title).
pub fn first_title(text: &str) -> Option<String> {
    let mut title: Option<String> = None;
    for event in Parser::new_ext(
        text,
        Options::ENABLE_YAML_STYLE_METADATA_BLOCKS | Options::ENABLE_HEADING_ATTRIBUTES,
    ) {
        match event {
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => title = Some(String::new()),
            Event::Text(t) | Event::Code(t) => {
                if let Some(title) = &mut title {
                    title.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {
                return title.map(|t| split_attribute_list(&t).0.trim().to_string());
            }
            _ => {}
        }
    }
    None
}

/// Python-Markdown's `attr_list` on a heading: `Title {: #id .class }`.
fn split_attribute_list(text: &str) -> (&str, Option<String>) {
    let trimmed = text.trim_end();
    if let (Some(open), true) = (trimmed.rfind('{'), trimmed.ends_with('}')) {
        let inside = trimmed[open + 1..trimmed.len() - 1].trim_start_matches(':');
        let id = inside
            .split_whitespace()
            .find_map(|part| part.strip_prefix('#'))
            .map(str::to_string);
        return (trimmed[..open].trim_end(), id);
    }
    (text, None)
}

/// Python-Markdown's `toc.slugify`: NFKD, ASCII only, word characters,
/// spaces and hyphens kept, lower case, runs of spaces and hyphens as `-`.
pub fn slugify(text: &str) -> String {
    let ascii: String = text.nfkd().filter(char::is_ascii).collect();
    let kept: String = ascii
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-' || c.is_whitespace())
        .collect();
    let mut slug = String::new();
    let mut in_run = false;
    for c in kept.trim().to_lowercase().chars() {
        if c == '-' || c.is_whitespace() {
            if !in_run {
                slug.push('-');
            }
            in_run = true;
        } else {
            slug.push(c);
            in_run = false;
        }
    }
    slug
}

/// Python-Markdown's `toc.unique`: a repeated id gets `_1`, `_2`...
fn unique(id: &str, taken: &HashSet<String>) -> String {
    if !id.is_empty() && !taken.contains(id) {
        return id.to_string();
    }
    let mut n = 1;
    loop {
        let candidate = format!("{id}_{n}");
        if !taken.contains(&candidate) {
            return candidate;
        }
        n += 1;
    }
}

/// Byte offsets to 1-based lines and columns (columns in characters).
struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> LineIndex<'a> {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { text, starts }
    }

    fn pos(&self, offset: usize) -> Pos {
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = self.text[start..offset].chars().count() + 1;
        Pos {
            line: line as u32,
            column: column as u32,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_and_images_with_their_positions() {
        let page = scan(
            "---\ntitle: x\n---\n# Title\n\nSee [setup](setup.md#install) and ![diagram](img/arch.png).\n\n```\n[not a link](nope.md)\n```\n\n[ref]: other.md\nA [reference][ref] and <https://example.com>.\n\n    [indented code](no.md)\n",
        );
        let found: Vec<(&str, u32, u32, bool)> = page
            .links
            .iter()
            .map(|l| (l.destination.as_str(), l.pos.line, l.pos.column, l.image))
            .collect();
        assert_eq!(
            found,
            [
                ("setup.md#install", 6, 13, false),
                ("img/arch.png", 6, 46, true),
                ("other.md", 13, 3, false),
            ]
        );
    }

    #[test]
    fn anchors_as_python_markdown_makes_them() {
        let page = scan(
            "# Getting started\n## Getting started\n## Café `config` — options!\n## Custom {#my-id}\n### Attr list {: #other .x }\n<a name=\"legacy\"></a>\n",
        );
        for anchor in [
            "getting-started",
            "getting-started_1",
            "cafe-config-options",
            "my-id",
            "other",
            "legacy",
        ] {
            assert!(
                page.anchors.contains(anchor),
                "{anchor}: {:?}",
                page.anchors
            );
        }
    }

    #[test]
    fn slugs_match_python_markdown() {
        assert_eq!(slugify("Hello, World!"), "hello-world");
        assert_eq!(slugify("  a -- b  "), "a-b");
        assert_eq!(slugify("Ünïcödé"), "unicode");
        assert_eq!(slugify("snake_case stays"), "snake_case-stays");
    }
}
