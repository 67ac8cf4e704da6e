//! Names Kubernetes accepts: namespaces are DNS labels (RFC 1123: at most
//! 63 characters of `a-z0-9-`, starting and ending alphanumeric), label
//! values at most 63 of `A-Za-z0-9-_.`, starting and ending alphanumeric.

use sha2::{Digest, Sha256};

use super::PreviewError;

const MAX: usize = 63;

/// `text` as a DNS label: lower-cased, other characters replaced by `-`,
/// runs of `-` collapsed, trimmed; cut to 63 characters with a short hash
/// of the whole text when too long (so that two long names stay apart).
pub fn dns_label(text: &str) -> String {
    let mut label = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = if c.is_ascii_lowercase() || c.is_ascii_digit() {
            c
        } else {
            '-'
        };
        if c == '-' && label.ends_with('-') {
            continue;
        }
        label.push(c);
    }
    let label = label.trim_matches('-').to_string();
    let label = if label.is_empty() {
        "x".to_string()
    } else {
        label
    };
    if label.len() <= MAX {
        return label;
    }
    let hash = short_hash(text);
    let keep = MAX - hash.len() - 1;
    format!("{}-{hash}", label[..keep].trim_end_matches('-'))
}

/// `text` as a label value (same cut rule).
pub fn label_value(text: &str) -> String {
    let mut value: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    value = value
        .trim_matches(|c: char| !c.is_ascii_alphanumeric())
        .to_string();
    if value.len() <= MAX {
        return value;
    }
    let hash = short_hash(text);
    let keep = MAX - hash.len() - 1;
    format!(
        "{}-{hash}",
        value[..keep].trim_end_matches(|c: char| !c.is_ascii_alphanumeric())
    )
}

fn short_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .take(3)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The namespace for `pr` of `service`: `pattern` (minijinja, with `pr`
/// and `service`) rendered, then made a DNS label.
pub fn namespace_name(pattern: &str, pr: u64, service: &str) -> Result<String, PreviewError> {
    let env = minijinja::Environment::new();
    let rendered = env
        .render_str(
            pattern,
            minijinja::context! { pr => pr, service => service },
        )
        .map_err(|e| PreviewError::Config {
            key: "environments.namespace".into(),
            message: format!("`{pattern}` does not render: {e}"),
        })?;
    Ok(dns_label(&rendered))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(label: &str) -> bool {
        !label.is_empty()
            && label.len() <= 63
            && label
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            && !label.starts_with('-')
            && !label.ends_with('-')
    }

    #[test]
    fn labels_are_valid_and_stable() {
        assert_eq!(
            dns_label("pr-42-Payments_Service"),
            "pr-42-payments-service"
        );
        assert_eq!(dns_label("--a..b--"), "a-b");
        assert_eq!(dns_label("ÜBER"), "ber");
        let long = format!("pr-1-{}", "very-long-service-name-".repeat(5));
        let cut = dns_label(&long);
        assert!(valid(&cut), "{cut}");
        assert!(cut.len() <= 63 && cut.len() >= 60, "{cut}");
        assert_eq!(cut, dns_label(&long), "stable");
        assert_ne!(
            cut,
            dns_label(&format!("{long}x")),
            "two long names stay apart"
        );
        for text in ["", "-", "___", "Ä", "a", &"z".repeat(200)] {
            assert!(valid(&dns_label(text)), "{text:?} -> {}", dns_label(text));
        }
    }

    #[test]
    fn namespace_names_render_the_pattern() {
        assert_eq!(
            namespace_name("pr-{{ pr }}-{{ service }}", 42, "payments-service").unwrap(),
            "pr-42-payments-service"
        );
        assert_eq!(
            namespace_name("preview-{{ service|upper }}-{{ pr }}", 7, "Web").unwrap(),
            "preview-web-7"
        );
        assert!(namespace_name("{{ pr ", 1, "x").is_err());
    }

    #[test]
    fn label_values() {
        assert_eq!(label_value("payments-service"), "payments-service");
        assert_eq!(label_value("-a b-"), "a-b");
        assert_eq!(label_value(&"x".repeat(80)).len(), 63);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// Whatever the service is called, the namespace is a valid DNS label.
            #[test]
            fn namespace_names_are_dns_labels(service in "\\PC{0,120}", pr in 0u64..u64::MAX) {
                let name = namespace_name("pr-{{ pr }}-{{ service }}", pr, &service).unwrap();
                prop_assert!(valid(&name), "{:?}", name);
            }

            #[test]
            fn labels_of_any_text_are_valid(text in "\\PC{1,200}") {
                let label = dns_label(&text);
                prop_assert!(label.is_empty() || valid(&label), "{:?}", label);
            }
        }
    }
}
