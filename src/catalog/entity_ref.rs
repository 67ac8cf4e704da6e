//! Entity references: `[kind:][namespace/]name`, parsed and printed as
//! Backstage's `parseEntityRef` and `stringifyEntityRef` do.

use std::fmt;

pub const DEFAULT_NAMESPACE: &str = "default";

/// A fully qualified reference. Fields keep the case they were written in;
/// comparisons go through [`EntityRef::key`], which lower-cases as Backstage does.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityRef {
    pub kind: String,
    pub namespace: String,
    pub name: String,
}

/// A reference as written, before defaults are applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartialRef<'a> {
    pub kind: Option<&'a str>,
    pub namespace: Option<&'a str>,
    pub name: &'a str,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefError {
    #[error("entity reference must not be empty")]
    Empty,
    #[error("entity reference `{0}` is not of the form [<kind>:][<namespace>/]<name>")]
    Malformed(String),
    #[error("entity reference `{0}` has no kind (e.g. `component:{0}` or `resource:{0}`)")]
    MissingKind(String),
}

impl<'a> PartialRef<'a> {
    /// Splits a reference string the way Backstage's `parseRefString` does: the
    /// first `:` before any `/` ends the kind, the first `/` ends the namespace.
    pub fn parse(input: &'a str) -> Result<PartialRef<'a>, RefError> {
        if input.is_empty() {
            return Err(RefError::Empty);
        }
        let slash = input.find('/');
        let colon = input.find(':').filter(|c| slash.is_none_or(|s| *c < s));
        let kind = colon.map(|c| &input[..c]);
        let after_kind = colon.map_or(0, |c| c + 1);
        let namespace = slash.map(|s| &input[after_kind..s]);
        let name = &input[slash.map_or(after_kind, |s| s + 1).max(after_kind)..];
        if kind == Some("") || namespace == Some("") || name.is_empty() {
            return Err(RefError::Malformed(input.to_string()));
        }
        Ok(PartialRef {
            kind,
            namespace,
            name,
        })
    }

    /// Applies defaults; `default_kind: None` means a kind must be written.
    pub fn with_defaults(
        &self,
        default_kind: Option<&str>,
        default_namespace: &str,
    ) -> Result<EntityRef, RefError> {
        let kind = match self.kind.or(default_kind) {
            Some(kind) => kind,
            None => return Err(RefError::MissingKind(self.to_string())),
        };
        Ok(EntityRef {
            kind: kind.to_string(),
            namespace: self.namespace.unwrap_or(default_namespace).to_string(),
            name: self.name.to_string(),
        })
    }
}

impl fmt::Display for PartialRef<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(kind) = self.kind {
            write!(f, "{kind}:")?;
        }
        if let Some(ns) = self.namespace {
            write!(f, "{ns}/")?;
        }
        f.write_str(self.name)
    }
}

impl EntityRef {
    pub fn new(kind: &str, namespace: &str, name: &str) -> EntityRef {
        EntityRef {
            kind: kind.to_string(),
            namespace: namespace.to_string(),
            name: name.to_string(),
        }
    }

    /// Parses with Backstage's defaulting rules.
    pub fn parse(
        input: &str,
        default_kind: Option<&str>,
        default_namespace: &str,
    ) -> Result<EntityRef, RefError> {
        PartialRef::parse(input)?.with_defaults(default_kind, default_namespace)
    }

    /// The canonical, lower-cased form Backstage stores (`stringifyEntityRef`).
    pub fn key(&self) -> String {
        key_of(&self.kind, &self.namespace, &self.name)
    }

    /// A short form for tables: the kind is left out when it is `implied_kind`
    /// and the namespace when it is `default`, as Backstage's UI shows refs.
    pub fn humanize(&self, implied_kind: Option<&str>) -> String {
        let mut out = String::new();
        if implied_kind.is_none_or(|k| !k.eq_ignore_ascii_case(&self.kind)) {
            out.push_str(&self.kind.to_lowercase());
            out.push(':');
        }
        if !self.namespace.eq_ignore_ascii_case(DEFAULT_NAMESPACE) {
            out.push_str(&self.namespace);
            out.push('/');
        }
        out.push_str(&self.name);
        out
    }
}

/// `kind:namespace/name`, lower-cased, built in one allocation (this runs
/// for every entity and every reference).
pub fn key_of(kind: &str, namespace: &str, name: &str) -> String {
    let mut key = String::with_capacity(kind.len() + namespace.len() + name.len() + 2);
    push_lowercase(&mut key, kind);
    key.push(':');
    push_lowercase(&mut key, namespace);
    key.push('/');
    push_lowercase(&mut key, name);
    key
}

fn push_lowercase(out: &mut String, text: &str) {
    if text.is_ascii() {
        out.extend(text.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    } else {
        out.push_str(&text.to_lowercase());
    }
}

impl fmt::Display for EntityRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(input: &str) -> (Option<&str>, Option<&str>, &str) {
        let p = PartialRef::parse(input).unwrap();
        (p.kind, p.namespace, p.name)
    }

    #[test]
    fn parses_every_form() {
        assert_eq!(parts("name"), (None, None, "name"));
        assert_eq!(parts("kind:name"), (Some("kind"), None, "name"));
        assert_eq!(parts("ns/name"), (None, Some("ns"), "name"));
        assert_eq!(parts("kind:ns/name"), (Some("kind"), Some("ns"), "name"));
    }

    #[test]
    fn a_colon_after_the_slash_belongs_to_the_name() {
        assert_eq!(parts("ns/a:b"), (None, Some("ns"), "a:b"));
        assert_eq!(parts("k:ns/a:b"), (Some("k"), Some("ns"), "a:b"));
    }

    #[test]
    fn extra_slashes_stay_in_the_name() {
        assert_eq!(parts("k:ns/a/b"), (Some("k"), Some("ns"), "a/b"));
    }

    #[test]
    fn empty_parts_are_malformed() {
        for bad in [":name", "kind:", "/name", "ns/", "kind:/name", "kind:ns/"] {
            assert!(
                matches!(PartialRef::parse(bad), Err(RefError::Malformed(_))),
                "{bad}"
            );
        }
        assert_eq!(PartialRef::parse(""), Err(RefError::Empty));
    }

    #[test]
    fn defaults_apply_only_where_missing() {
        let r = EntityRef::parse("payments", Some("Group"), "default").unwrap();
        assert_eq!(r.key(), "group:default/payments");
        let r = EntityRef::parse("user:ops/jane", Some("Group"), "default").unwrap();
        assert_eq!(r.key(), "user:ops/jane");
        assert_eq!(
            EntityRef::parse("db", None, "default"),
            Err(RefError::MissingKind("db".into()))
        );
    }

    #[test]
    fn key_is_lower_case_and_round_trips() {
        let r = EntityRef::new("Component", "Default", "Payments-Service");
        assert_eq!(r.key(), "component:default/payments-service");
        let back = EntityRef::parse(&r.key(), None, "x").unwrap();
        assert_eq!(back.key(), r.key());
    }

    #[test]
    fn humanize_leaves_out_implied_parts() {
        let r = EntityRef::new("Group", "default", "payments");
        assert_eq!(r.humanize(Some("Group")), "payments");
        assert_eq!(r.humanize(None), "group:payments");
        let r = EntityRef::new("User", "ops", "jane");
        assert_eq!(r.humanize(Some("Group")), "user:ops/jane");
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            /// A reference printed (as a key, or humanized) parses back to itself.
            #[test]
            fn printed_references_parse_back(
                kind in "[A-Za-z][A-Za-z0-9]{0,12}",
                namespace in "[a-z0-9][a-z0-9-]{0,12}",
                name in "[A-Za-z0-9][A-Za-z0-9_.-]{0,24}",
            ) {
                let reference = EntityRef::new(&kind, &namespace, &name);
                let key = reference.key();
                prop_assert_eq!(EntityRef::parse(&key, None, "default").unwrap().key(), key.clone());
                let short = reference.humanize(Some(&kind));
                prop_assert_eq!(EntityRef::parse(&short, Some(&kind), "default").unwrap().key(), key);
            }

            #[test]
            fn any_text_parses_or_is_refused(text in "\\PC{0,40}") {
                if let Ok(parsed) = PartialRef::parse(&text) {
                    prop_assert!(!parsed.name.is_empty());
                }
            }
        }
    }
}
