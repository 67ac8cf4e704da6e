//! Changing plat.yaml the way a person would: one line added where it
//! belongs, every comment, key order and blank line kept, and the result
//! parsed again before it is written.

use std::path::Path;

use super::{LocationEntry, parse};

/// Adds `location` to `catalog.locations` in the config file at `path`
/// (created if missing, with the directory tree as its first location so
/// that the catalog still holds what it held). Returns false when the
/// location is already listed.
pub fn add_catalog_location(path: &Path, location: &str) -> Result<bool, String> {
    let item = scalar(location);
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let text = format!(
                "# plat configuration (created by `plat new`)\ncatalog:\n  locations:\n    - .\n    - {item}\n"
            );
            write(path, &text, location)?;
            return Ok(true);
        }
        Err(e) => return Err(e.to_string()),
    };
    let config = parse(&text, path).map_err(|e| e.to_string())?;
    if config
        .catalog
        .locations
        .iter()
        .any(|entry| target(entry) == Some(location))
    {
        return Ok(false);
    }
    let edited = insert(&text, &item)?;
    write(path, &edited, location)?;
    Ok(true)
}

fn target(entry: &LocationEntry) -> Option<&str> {
    match entry {
        LocationEntry::Target { target, .. } => Some(target),
        LocationEntry::Backstage(_) => None,
    }
}

/// A YAML scalar for `text`: plain when that reads back the same, else double-quoted.
fn scalar(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == '/')
        && !text.contains(": ")
        && !text.contains(" #")
        && !text.ends_with(':')
        && !text.chars().any(|c| c.is_control());
    if plain {
        text.to_string()
    } else {
        format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_content(line: &str) -> bool {
    let trimmed = line.trim();
    !trimmed.is_empty() && !trimmed.starts_with('#')
}

/// Where a key's value starts: `key:` followed by nothing but a comment.
fn key_value<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line.trim_start().strip_prefix(key)?.strip_prefix(':')?;
    if !rest.is_empty() && !rest.starts_with([' ', '\t']) {
        return None;
    }
    Some(rest.trim())
}

fn insert(text: &str, item: &str) -> Result<String, String> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let flow_error = || "`catalog` is written in flow style; add the location by hand".to_string();

    let Some(catalog) = lines
        .iter()
        .position(|l| indent(l) == 0 && key_value(l, "catalog").is_some())
    else {
        if lines.last().is_some_and(|l| !l.trim().is_empty()) {
            lines.push(String::new());
        }
        lines.extend([
            "catalog:".to_string(),
            "  locations:".to_string(),
            format!("    - {item}"),
        ]);
        return Ok(lines.join("\n") + "\n");
    };
    if key_value(&lines[catalog], "catalog").is_some_and(|v| !v.is_empty() && !v.starts_with('#')) {
        return Err(flow_error());
    }
    // The catalog block: lines after it until the next top-level content.
    let end = (catalog + 1..lines.len())
        .find(|&i| is_content(&lines[i]) && indent(&lines[i]) == 0)
        .unwrap_or(lines.len());
    let child_indent = (catalog + 1..end)
        .find(|&i| is_content(&lines[i]))
        .map_or(2, |i| indent(&lines[i]));
    let Some(key) = (catalog + 1..end).find(|&i| {
        indent(&lines[i]) == child_indent && key_value(&lines[i], "locations").is_some()
    }) else {
        let pad = " ".repeat(child_indent);
        lines.splice(
            catalog + 1..catalog + 1,
            [format!("{pad}locations:"), format!("{pad}  - {item}")],
        );
        return Ok(lines.join("\n") + "\n");
    };
    let value = key_value(&lines[key], "locations").unwrap_or_default();
    if value.starts_with('[') {
        // A one-line flow list: the item goes before its closing bracket.
        let line = &lines[key];
        let close = line.rfind(']').ok_or_else(flow_error)?;
        let open = line.find('[').ok_or_else(flow_error)?;
        let inside = line[open + 1..close].trim();
        let separator = if inside.is_empty() { "" } else { ", " };
        lines[key] = format!(
            "{}{separator}{item}{}",
            line[..close].trim_end(),
            &line[close..]
        );
        return Ok(lines.join("\n") + "\n");
    }
    if !value.is_empty() && !value.starts_with('#') {
        return Err(format!(
            "`catalog.locations` holds `{value}`, not a list; add the location by hand"
        ));
    }
    // A block list: after its last item (its comments and blank lines after it stay after).
    let items: Vec<usize> = (key + 1..end)
        .take_while(|&i| {
            !is_content(&lines[i])
                || indent(&lines[i]) > child_indent
                || (indent(&lines[i]) == child_indent && lines[i].trim_start().starts_with("- "))
        })
        .filter(|&i| is_content(&lines[i]))
        .collect();
    let Some(&last) = items.last() else {
        let pad = " ".repeat(child_indent + 2);
        lines.insert(key + 1, format!("{pad}- {item}"));
        return Ok(lines.join("\n") + "\n");
    };
    let item_indent = items
        .iter()
        .map(|&i| &lines[i])
        .find(|l| l.trim_start().starts_with("- ") || l.trim() == "-")
        .map_or(child_indent + 2, |l| indent(l));
    lines.insert(last + 1, format!("{}- {item}", " ".repeat(item_indent)));
    Ok(lines.join("\n") + "\n")
}

/// Writes only text that parses and lists the location.
fn write(path: &Path, text: &str, location: &str) -> Result<(), String> {
    let config = parse(text, path)
        .map_err(|e| format!("the edit would not parse ({e}); add the location by hand"))?;
    if !config
        .catalog
        .locations
        .iter()
        .any(|entry| target(entry) == Some(location))
    {
        return Err("the edit did not add the location; add it by hand".into());
    }
    // The user's file: a crash or Ctrl-C mid-write must not truncate it.
    crate::files::write_atomically(path, text.as_bytes()).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn add(text: &str) -> String {
        insert(
            text,
            "https://github.com/acme/new/blob/main/catalog-info.yaml",
        )
        .unwrap()
    }

    #[test]
    fn appends_to_a_block_list_keeping_comments() {
        let text = "# top\ncatalog:\n  # where\n  locations:\n    - ./a.yaml   # first\n    - target: b.yaml\n      presence: optional\n\n  # trailing comment\nhttp:\n  retries: 2\n";
        assert_eq!(
            add(text),
            "# top\ncatalog:\n  # where\n  locations:\n    - ./a.yaml   # first\n    - target: b.yaml\n      presence: optional\n    - https://github.com/acme/new/blob/main/catalog-info.yaml\n\n  # trailing comment\nhttp:\n  retries: 2\n"
        );
    }

    #[test]
    fn lists_at_the_key_indent_and_flow_lists() {
        assert_eq!(
            add("catalog:\n  locations:\n  - a.yaml\n"),
            "catalog:\n  locations:\n  - a.yaml\n  - https://github.com/acme/new/blob/main/catalog-info.yaml\n"
        );
        assert_eq!(
            add("catalog:\n  locations: [a.yaml]\n"),
            "catalog:\n  locations: [a.yaml, https://github.com/acme/new/blob/main/catalog-info.yaml]\n"
        );
        assert_eq!(
            add("catalog:\n  locations: []\n"),
            "catalog:\n  locations: [https://github.com/acme/new/blob/main/catalog-info.yaml]\n"
        );
    }

    #[test]
    fn adds_the_keys_that_are_missing() {
        assert_eq!(
            add("http:\n  retries: 1\n"),
            "http:\n  retries: 1\n\ncatalog:\n  locations:\n    - https://github.com/acme/new/blob/main/catalog-info.yaml\n"
        );
        assert_eq!(
            add("catalog:\n    locations_x: 1\n").lines().nth(1),
            Some("    locations:")
        );
    }

    #[test]
    fn files_are_created_and_not_duplicated() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("plat.yaml");
        assert!(add_catalog_location(&path, "https://x.example/c.yaml").unwrap());
        assert!(!add_catalog_location(&path, "https://x.example/c.yaml").unwrap());
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.matches("https://x.example/c.yaml").count(), 1);
        assert!(text.contains("    - .\n"));
    }
}
