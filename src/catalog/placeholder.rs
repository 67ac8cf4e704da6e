//! `$text`, `$json` and `$yaml` placeholders, substituted as Backstage's
//! PlaceholderProcessor does: a mapping whose only key is one of them is
//! replaced by the file it names. Backstage reads URLs here (relative ones
//! against a remote catalog file); plat also reads paths relative to a local
//! catalog file, but never outside the catalog root.

use std::path::Path;

use reqwest::Url;
use serde_json::Value;

use super::discover::Roots;
use super::location::is_url;
use crate::http::FetchError;

use super::validate::FieldPath;
use super::yaml;

/// A placeholder that could not be substituted; the mapping stays as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlaceholderError {
    pub path: FieldPath,
    pub message: String,
    pub hint: Option<String>,
}

/// Reads what a placeholder names, relative to the document's file.
pub trait PlaceholderReader {
    /// Returns the text at `target`, or a message saying why it cannot be read.
    fn read_text(&self, target: &str) -> Result<String, (String, Option<String>)>;
}

/// Substitutes every placeholder in `value`; returns the ones that failed.
pub fn substitute(value: &mut Value, reader: &dyn PlaceholderReader) -> Vec<PlaceholderError> {
    let mut errors = Vec::new();
    let mut path = Vec::new();
    visit(value, &mut path, reader, &mut errors);
    errors
}

/// One step of the path being visited; turned into a [`FieldPath`] only for
/// an error, so that walking a document allocates nothing.
enum Step {
    Key(String),
    Index(usize),
}

fn field_path(steps: &[Step]) -> FieldPath {
    steps
        .iter()
        .fold(FieldPath::root(), |path, step| match step {
            Step::Key(k) => path.key(k),
            Step::Index(i) => path.index(*i),
        })
}

fn visit(
    value: &mut Value,
    path: &mut Vec<Step>,
    reader: &dyn PlaceholderReader,
    errors: &mut Vec<PlaceholderError>,
) {
    match value {
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                if matches!(item, Value::Array(_) | Value::Object(_)) {
                    path.push(Step::Index(i));
                    visit(item, path, reader, errors);
                    path.pop();
                }
            }
        }
        Value::Object(map) => {
            if !map.keys().any(|k| k.starts_with('$')) {
                for (key, child) in map.iter_mut() {
                    if matches!(child, Value::Array(_) | Value::Object(_)) {
                        path.push(Step::Key(key.clone()));
                        visit(child, path, reader, errors);
                        path.pop();
                    }
                }
                return;
            }
            if map.len() != 1 {
                // Backstage leaves mixed mappings alone (JSON Schema's `$ref`).
                return;
            }
            let (key, argument) = map.iter().next().expect("one entry");
            let resolver = &key[1..];
            if !matches!(resolver, "text" | "json" | "yaml") {
                return;
            }
            match resolve(resolver, argument, reader) {
                Ok(replacement) => *value = replacement,
                Err((message, hint)) => errors.push(PlaceholderError {
                    path: field_path(path),
                    message,
                    hint,
                }),
            }
        }
        _ => {}
    }
}

fn resolve(
    resolver: &str,
    argument: &Value,
    reader: &dyn PlaceholderReader,
) -> Result<Value, (String, Option<String>)> {
    let Some(target) = argument.as_str() else {
        return Err((
            format!("${resolver} expects a string: a relative path or an absolute URL"),
            Some(format!("write `${resolver}: ./file`")),
        ));
    };
    let text = reader
        .read_text(target)
        .map_err(|(why, hint)| (format!("${resolver} could not read {target}: {why}"), hint))?;
    match resolver {
        "text" => Ok(Value::String(text)),
        "json" => serde_json::from_str(&text).map_err(|e| {
            (
                format!("${resolver} could not parse {target} as JSON: {e}"),
                Some("check the file is valid JSON, or use $text to include it as text".into()),
            )
        }),
        _ => {
            let documents = yaml::split_documents(&text);
            if documents.len() != 1 {
                return Err((
                    format!(
                        "$yaml expects exactly one document in {target}, found {}",
                        documents.len()
                    ),
                    None,
                ));
            }
            match yaml::parse_document(&documents[0]) {
                Ok(document) => Ok(document.map_or(Value::Null, |d| d.value)),
                Err(e) => Err((
                    format!(
                        "$yaml found an error in {target} at {}:{}: {e}",
                        e.pos.line, e.pos.column
                    ),
                    None,
                )),
            }
        }
    }
}

/// Where a document was read, which placeholders resolve against.
pub enum Base<'a> {
    /// A local file's directory; reads may not leave the root it is under
    /// (symlinks included); the root is found only when a placeholder reads
    /// (it costs syscalls).
    File { dir: &'a Path, roots: &'a Roots },
    /// A remote file: only URLs, absolute or relative to it, and not those
    /// `refusal` turns down (with why, and a hint).
    Url {
        url: &'a Url,
        refusal: &'a (dyn Fn(&Url) -> Option<(String, String)> + Sync),
    },
}

/// Reads placeholder targets: local files inside the catalog root, and URLs
/// through `fetch`.
pub struct SourceReader<'a> {
    pub base: Base<'a>,
    pub fetch: &'a (dyn Fn(&Url) -> Result<Vec<u8>, FetchError> + Sync),
}

impl PlaceholderReader for SourceReader<'_> {
    fn read_text(&self, target: &str) -> Result<String, (String, Option<String>)> {
        let url = match &self.base {
            _ if is_url(target) => Url::parse(target).map_err(|e| (e.to_string(), None))?,
            Base::Url { url: base, .. } => {
                if target.starts_with('/') || target.starts_with("file:") {
                    return Err((
                        "a file read from a URL may not read local files".into(),
                        Some("use a URL, absolute or relative to the catalog file".into()),
                    ));
                }
                base.join(target).map_err(|e| (e.to_string(), None))?
            }
            Base::File { dir, roots } => return read_local(dir, roots, target),
        };
        if let Base::Url { refusal, .. } = &self.base
            && let Some((why, hint)) = refusal(&url)
        {
            return Err((format!("it {why}"), Some(hint)));
        }
        let body = (self.fetch)(&url).map_err(|e| (format!("{url}: {e}"), None))?;
        super::source::decode(body, url.as_str())
            .map(|source| source.text)
            .map_err(|finding| (finding.message, finding.hint))
    }
}

fn read_local(dir: &Path, roots: &Roots, target: &str) -> Result<String, (String, Option<String>)> {
    let canonical_dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    let root = roots.containing(&canonical_dir).unwrap_or(roots.first());
    let relative = target.strip_prefix("file:").unwrap_or(target);
    let path = super::discover::normalize(&dir.join(relative));
    let outside = || {
        Err((
            format!("{} is outside the catalog root {}", path.display(), root.written.display()),
            Some("placeholders may only read files inside the catalog root (the plat.yaml directory, or the directory plat runs in)".into()),
        ))
    };
    // Decided on the path as written before anything there is looked at,
    // so that whether a file outside exists is never told.
    if !root.holds_written(&path) {
        return outside();
    }
    match path.canonicalize() {
        Err(e) => return Err((e.to_string(), None)),
        Ok(real) if !real.starts_with(&root.canonical) => return outside(),
        Ok(_) => {}
    }
    super::source::read_file(&path, &path.display().to_string())
        .map(|source| source.text)
        .map_err(|finding| (finding.message, finding.hint))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use std::collections::HashMap;

    struct Files(HashMap<&'static str, &'static str>);
    impl PlaceholderReader for Files {
        fn read_text(&self, target: &str) -> Result<String, (String, Option<String>)> {
            self.0
                .get(target)
                .map(|s| s.to_string())
                .ok_or(("not found".into(), None))
        }
    }

    fn files() -> Files {
        Files(HashMap::from([
            ("api.yaml", "openapi: 3.0.0\n"),
            ("data.json", "{\"a\": [1, 2]}"),
            ("two.yaml", "a: 1\n---\nb: 2\n"),
        ]))
    }

    #[test]
    fn substitutes_text_json_and_yaml() {
        let mut v = json!({"spec": {"definition": {"$text": "api.yaml"}, "j": {"$json": "data.json"}, "y": [{"$yaml": "api.yaml"}]}});
        assert!(substitute(&mut v, &files()).is_empty());
        assert_eq!(v["spec"]["definition"], "openapi: 3.0.0\n");
        assert_eq!(v["spec"]["j"]["a"][1], 2);
        assert_eq!(v["spec"]["y"][0]["openapi"], "3.0.0");
    }

    #[test]
    fn leaves_unknown_and_mixed_placeholders_alone() {
        let mut v = json!({"a": {"$ref": "#/x"}, "b": {"$text": "api.yaml", "other": 1}});
        let before = v.clone();
        assert!(substitute(&mut v, &files()).is_empty());
        assert_eq!(v, before);
    }

    #[test]
    fn failures_name_the_field_and_keep_the_value() {
        let mut v = json!({"spec": {"definition": {"$text": "missing.yaml"}, "x": {"$yaml": "two.yaml"}, "n": {"$json": 3}}});
        let errors = substitute(&mut v, &files());
        let paths: Vec<String> = errors.iter().map(|e| e.path.to_string()).collect();
        assert_eq!(paths, ["spec.definition", "spec.x", "spec.n"]);
        assert!(errors[1].message.contains("exactly one document"));
        assert_eq!(v["spec"]["definition"]["$text"], "missing.yaml");
    }

    #[test]
    fn local_reads_stay_inside_the_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("root");
        std::fs::create_dir_all(root.join("svc")).unwrap();
        std::fs::write(root.join("svc/api.yaml"), "x").unwrap();
        std::fs::write(dir.path().join("secret.txt"), "s").unwrap();
        let no_fetch = |_: &Url| -> Result<Vec<u8>, FetchError> { Err(FetchError::Offline) };
        let svc = root.join("svc");
        let roots = Roots::new(&root);
        let reader = SourceReader {
            base: Base::File {
                dir: &svc,
                roots: &roots,
            },
            fetch: &no_fetch,
        };
        assert_eq!(reader.read_text("./api.yaml").unwrap(), "x");
        let (why, _) = reader.read_text("../../secret.txt").unwrap_err();
        assert!(why.contains("outside the catalog root"), "{why}");
        // Outside, a file that is not there gets the same answer as one that
        // is: nothing outside is looked at.
        let (missing, _) = reader.read_text("../../no-such-file.txt").unwrap_err();
        assert!(missing.contains("outside the catalog root"), "{missing}");
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(dir.path().join("secret.txt"), root.join("svc/link.txt"))
                .unwrap();
            let (why, _) = reader.read_text("link.txt").unwrap_err();
            assert!(why.contains("outside the catalog root"), "{why}");
        }
    }
}
