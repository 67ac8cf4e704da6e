//! Backstage's field format checks (`FieldFormatEntityPolicy` with the
//! Kubernetes-style validators of `@backstage/catalog-model`), in order.

use serde_json::Value;

use super::{FieldPath, Issue, Written};
use crate::catalog::finding::Rule;

/// What a field must look like, in words, plus a rewrite that would pass.
struct Expectation {
    text: &'static str,
    suggest: Option<fn(&str) -> String>,
}

const OBJECT_NAME: Expectation = Expectation {
    text: "sequences of [a-zA-Z0-9] separated by any of [-_.], at most 63 characters",
    suggest: Some(suggest_object_name),
};
const DNS_LABEL: Expectation = Expectation {
    text: "sequences of [a-z0-9] separated by [-], at most 63 characters",
    suggest: Some(suggest_dns_label),
};
const PREFIXED_KEY: Expectation = Expectation {
    text: "an optional DNS subdomain prefix and a slash, then a name of [a-zA-Z0-9] separated by any of [-_.]",
    suggest: None,
};
const API_VERSION: Expectation = Expectation {
    text: "an optional DNS subdomain group and a slash, then a version of letters and digits, e.g. backstage.io/v1alpha1",
    suggest: None,
};
const KIND: Expectation = Expectation {
    text: "a letter followed by letters and digits, at most 63 characters",
    suggest: None,
};
const TAG: Expectation = Expectation {
    text: "sequences of [a-z0-9:+#] separated by [-], at most 63 characters",
    suggest: Some(suggest_tag),
};
const URL: Expectation = Expectation {
    text: "an absolute URL, e.g. https://example.com/docs",
    suggest: None,
};
const NON_EMPTY: Expectation = Expectation {
    text: "a non-empty string",
    suggest: None,
};
const STRING: Expectation = Expectation {
    text: "a string",
    suggest: None,
};

/// Runs the checks in Backstage's order; every failure is reported. Paths
/// are built only for failures.
pub(super) fn check(entity: &Value, written: Written<'_>, issues: &mut Vec<Issue>) {
    let metadata = &entity["metadata"];
    let at = |keys: &[&str]| keys.iter().fold(FieldPath::root(), |p, k| p.key(k));
    require(
        &entity["apiVersion"],
        || at(&["apiVersion"]),
        is_valid_api_version,
        &API_VERSION,
        written,
        issues,
    );
    require(
        &entity["kind"],
        || at(&["kind"]),
        is_valid_kind,
        &KIND,
        written,
        issues,
    );
    require(
        &metadata["name"],
        || at(&["metadata", "name"]),
        is_valid_object_name,
        &OBJECT_NAME,
        written,
        issues,
    );
    if let Some(namespace) = metadata.get("namespace") {
        require(
            namespace,
            || at(&["metadata", "namespace"]),
            is_valid_dns_label,
            &DNS_LABEL,
            written,
            issues,
        );
    }
    for (field, check_value, value_expectation) in [
        (
            "labels",
            is_valid_label_value as fn(&Value) -> bool,
            &OBJECT_NAME,
        ),
        ("annotations", Value::is_string, &STRING),
    ] {
        if let Some(map) = metadata.get(field).and_then(Value::as_object) {
            for (key, value) in map {
                let path = || at(&["metadata", field, key]);
                if !is_valid_prefixed_name_str(key) {
                    let path = path();
                    issues.push(Issue::new(
                        Rule::FieldFormat,
                        path.clone(),
                        format!(
                            "{path}: the key `{key}` is not valid: expected {}",
                            PREFIXED_KEY.text
                        ),
                    ));
                }
                require(value, path, check_value, value_expectation, written, issues);
            }
        }
    }
    if let Some(tags) = metadata.get("tags").and_then(Value::as_array) {
        for (i, tag) in tags.iter().enumerate() {
            require(
                tag,
                || at(&["metadata", "tags"]).index(i),
                is_valid_tag,
                &TAG,
                written,
                issues,
            );
        }
    }
    if let Some(links) = metadata.get("links").and_then(Value::as_array) {
        for (i, link) in links.iter().enumerate() {
            let base = || at(&["metadata", "links"]).index(i);
            require(
                &link["url"],
                || base().key("url"),
                is_valid_url,
                &URL,
                written,
                issues,
            );
            for optional in ["title", "icon"] {
                if let Some(value) = link.get(optional) {
                    require(
                        value,
                        || base().key(optional),
                        is_non_empty_string,
                        &NON_EMPTY,
                        written,
                        issues,
                    );
                }
            }
        }
    }
}

/// Backstage's `require`: the value must be present and valid.
fn require(
    value: &Value,
    path: impl FnOnce() -> FieldPath,
    valid: fn(&Value) -> bool,
    expect: &Expectation,
    written: Written<'_>,
    issues: &mut Vec<Issue>,
) {
    if !value.is_null() && valid(value) {
        return;
    }
    let path = path();
    // Null is missing, unless the YAML said `.inf` or `.nan`: a number to
    // Backstage, present and not valid.
    if value.is_null() && written.non_finite_at(&path).is_none() {
        issues.push(
            Issue::new(
                Rule::FieldFormat,
                path.clone(),
                format!("{path} must have a value"),
            )
            .with_hint(format!("set {path} to {}", expect.text)),
        );
        return;
    }
    let mut issue = Issue::new(
        Rule::FieldFormat,
        path.clone(),
        format!(
            "{path} {} is not valid: expected {}",
            written.describe(&path, value),
            expect.text
        ),
    );
    if let (Some(suggest), Some(text)) = (expect.suggest, value.as_str()) {
        let suggestion = suggest(text);
        if !suggestion.is_empty() && valid(&Value::String(suggestion.clone())) {
            issue = issue.with_hint(format!("for example \"{suggestion}\""));
        }
    }
    issues.push(issue);
}

fn is_valid_dns_label_str(s: &str) -> bool {
    // ^[a-z0-9]+(?:\-+[a-z0-9]+)*$, 1..=63
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b[0] != b'-'
        && b[b.len() - 1] != b'-'
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-')
}

fn is_valid_dns_subdomain_str(s: &str) -> bool {
    !s.is_empty() && s.len() <= 253 && s.split('.').all(is_valid_dns_label_str)
}

fn is_valid_dns_label(v: &Value) -> bool {
    v.as_str().is_some_and(is_valid_dns_label_str)
}

fn is_valid_object_name_str(s: &str) -> bool {
    // ^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$, 1..=63
    let b = s.as_bytes();
    !b.is_empty()
        && b.len() <= 63
        && b[0].is_ascii_alphanumeric()
        && b[b.len() - 1].is_ascii_alphanumeric()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, b'-' | b'_' | b'.'))
}

fn is_valid_object_name(v: &Value) -> bool {
    v.as_str().is_some_and(is_valid_object_name_str)
}

/// `<suffix>` or `<prefix>/<suffix>`, each part checked on its own.
fn prefix_and_or_suffix(s: &str, prefix: fn(&str) -> bool, suffix: fn(&str) -> bool) -> bool {
    let mut parts = s.split('/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(only), None, _) => suffix(only),
        (Some(p), Some(n), None) => prefix(p) && suffix(n),
        _ => false,
    }
}

fn is_valid_prefixed_name_str(s: &str) -> bool {
    prefix_and_or_suffix(s, is_valid_dns_subdomain_str, is_valid_object_name_str)
}

#[cfg(test)]
fn is_valid_prefixed_name(v: &Value) -> bool {
    v.as_str().is_some_and(is_valid_prefixed_name_str)
}

fn is_valid_api_version(v: &Value) -> bool {
    v.as_str().is_some_and(|s| {
        prefix_and_or_suffix(s, is_valid_dns_subdomain_str, |n| {
            !n.is_empty() && n.len() <= 63 && n.bytes().all(|c| c.is_ascii_alphanumeric())
        })
    })
}

fn is_valid_kind(v: &Value) -> bool {
    v.as_str().is_some_and(|s| {
        let b = s.as_bytes();
        !b.is_empty()
            && b.len() <= 63
            && b[0].is_ascii_alphabetic()
            && b.iter().all(u8::is_ascii_alphanumeric)
    })
}

fn is_valid_label_value(v: &Value) -> bool {
    v.as_str() == Some("") || is_valid_object_name(v)
}

fn is_valid_tag(v: &Value) -> bool {
    // ^[a-z0-9:+#]+(\-[a-z0-9:+#]+)*$, 1..=63
    v.as_str().is_some_and(|s| {
        let b = s.as_bytes();
        let ok = |c: &u8| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, b':' | b'+' | b'#')
        };
        !b.is_empty()
            && b.len() <= 63
            && s.split('-')
                .all(|part| !part.is_empty() && part.as_bytes().iter().all(ok))
    })
}

/// `new URL(value)` in JavaScript: the WHATWG URL parser, which the `url`
/// crate implements.
fn is_valid_url(v: &Value) -> bool {
    v.as_str().is_some_and(|s| url::Url::parse(s).is_ok())
}

fn is_non_empty_string(v: &Value) -> bool {
    v.as_str().is_some_and(|s| !js_trim(s).is_empty())
}

/// JavaScript's `String.prototype.trim`: Unicode white space plus U+FEFF.
fn js_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

fn squeeze(s: &str, keep: impl Fn(char) -> bool, sep: char) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if keep(c) {
            out.push(c);
        } else if !out.ends_with(sep) && !out.is_empty() {
            out.push(sep);
        }
    }
    let trimmed: String = out
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_string();
    trimmed
        .chars()
        .take(63)
        .collect::<String>()
        .trim_end_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_string()
}

fn suggest_object_name(s: &str) -> String {
    squeeze(
        s,
        |c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'),
        '-',
    )
}

fn suggest_dns_label(s: &str) -> String {
    squeeze(
        &s.to_ascii_lowercase(),
        |c| c.is_ascii_lowercase() || c.is_ascii_digit(),
        '-',
    )
}

fn suggest_tag(s: &str) -> String {
    squeeze(
        &s.to_ascii_lowercase(),
        |c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, ':' | '+' | '#'),
        '-',
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn object_names() {
        for ok in ["a", "payments-service", "A_b.c-1", "x".repeat(63).as_str()] {
            assert!(is_valid_object_name(&json!(ok)), "{ok}");
        }
        for bad in [
            "",
            "-a",
            "a-",
            "a b",
            "a/b",
            "ü",
            "x".repeat(64).as_str(),
            "${{ values.name }}",
        ] {
            assert!(!is_valid_object_name(&json!(bad)), "{bad}");
        }
        assert!(!is_valid_object_name(&json!(12)));
    }

    #[test]
    fn namespaces_are_dns_labels() {
        assert!(is_valid_dns_label(&json!("team-a")));
        assert!(is_valid_dns_label(&json!("a--b")));
        assert!(!is_valid_dns_label(&json!("Team")));
        assert!(!is_valid_dns_label(&json!("capslock.gg")));
        assert!(!is_valid_dns_label(&json!("a_b")));
    }

    #[test]
    fn api_versions() {
        assert!(is_valid_api_version(&json!("backstage.io/v1alpha1")));
        assert!(is_valid_api_version(&json!("v1")));
        assert!(is_valid_api_version(&json!(
            "scaffolder.backstage.io/v1beta3"
        )));
        assert!(!is_valid_api_version(&json!("backstage.io/v1/alpha")));
        assert!(!is_valid_api_version(&json!("Backstage.io/v1")));
        assert!(!is_valid_api_version(&json!("backstage.io/v1-alpha")));
    }

    #[test]
    fn kinds() {
        assert!(is_valid_kind(&json!("Component")));
        assert!(!is_valid_kind(&json!("")));
        assert!(!is_valid_kind(&json!("1Component")));
        assert!(!is_valid_kind(&json!("My-Kind")));
    }

    #[test]
    fn annotation_and_label_keys() {
        assert!(is_valid_prefixed_name(&json!("backstage.io/techdocs-ref")));
        assert!(is_valid_prefixed_name(&json!("simple")));
        assert!(!is_valid_prefixed_name(&json!("a/b/c")));
        assert!(!is_valid_prefixed_name(&json!("Bad.Prefix/x")));
        assert!(!is_valid_prefixed_name(&json!("")));
    }

    #[test]
    fn label_values_may_be_empty() {
        assert!(is_valid_label_value(&json!("")));
        assert!(is_valid_label_value(&json!("v1.2")));
        assert!(!is_valid_label_value(&json!({"a": 1})));
    }

    #[test]
    fn tags_allow_colon_plus_and_hash() {
        for ok in ["go", "c++", "c#", "lang:go", "a-b"] {
            assert!(is_valid_tag(&json!(ok)), "{ok}");
        }
        for bad in ["Go", "a--b", "-a", "a b", "a_b", ""] {
            assert!(!is_valid_tag(&json!(bad)), "{bad}");
        }
    }

    #[test]
    fn urls_follow_whatwg() {
        assert!(is_valid_url(&json!("https://example.com")));
        assert!(is_valid_url(&json!("mailto:a@b.c")));
        assert!(!is_valid_url(&json!("${GIT_BASE_URL}/kuberse")));
        assert!(!is_valid_url(&json!("/relative")));
    }

    #[test]
    fn non_empty_trims_like_javascript() {
        assert!(!is_non_empty_string(&json!("  \u{feff}")));
        assert!(is_non_empty_string(&json!(" x ")));
    }

    #[test]
    fn suggestions_are_valid() {
        assert_eq!(suggest_object_name("Payments Service!"), "Payments-Service");
        assert_eq!(suggest_dns_label("capslock.gg"), "capslock-gg");
        assert_eq!(suggest_tag("Go Lang"), "go-lang");
    }

    #[test]
    fn every_failure_is_reported_with_its_path() {
        let entity = json!({
            "apiVersion": "backstage.io/v1alpha1", "kind": "Component",
            "metadata": {"name": "bad name", "namespace": "default",
                          "tags": ["ok", "Bad"], "links": [{"url": "nope"}],
                          "annotations": {"a/b/c": "x", "ok": 1}}
        });
        let mut issues = Vec::new();
        check(&entity, Written::default(), &mut issues);
        let paths: Vec<String> = issues.iter().map(|i| i.path.to_string()).collect();
        assert_eq!(
            paths,
            [
                "metadata.name",
                "metadata.annotations.a/b/c",
                "metadata.annotations.ok",
                "metadata.tags[1]",
                "metadata.links[0].url"
            ]
        );
        assert_eq!(issues[0].hint.as_deref(), Some("for example \"bad-name\""));
    }
}
