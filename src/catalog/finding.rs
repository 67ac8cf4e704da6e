//! Findings: what `plat catalog validate` reports, and what loading the
//! catalog collects instead of stopping at the first bad file.

use serde::Serialize;

use super::yaml::Pos;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// What kind of problem a finding is. The names are stable: scripts match on
/// them in `--format json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    /// The file could not be read (permissions, symlink loop, vanished).
    Read,
    /// A remote file or catalog could not be fetched (HTTP status, network).
    Fetch,
    /// Over the size limit.
    FileTooLarge,
    /// Not UTF-8 text.
    Encoding,
    /// A UTF-8 byte order mark (accepted, but worth removing).
    ByteOrderMark,
    /// The file holds no documents.
    EmptyFile,
    /// YAML that does not parse (syntax, duplicate keys, aliases, nesting).
    Yaml,
    /// A document that is not a mapping.
    NotAMapping,
    /// Backstage's envelope rules: metadata present, no foreign root fields.
    Envelope,
    /// Backstage's field formats (names, namespaces, labels, tags, links...).
    FieldFormat,
    /// Backstage's JSON schemas for the envelope and each kind.
    Schema,
    /// No Backstage validator knows this apiVersion and kind.
    UnknownKind,
    /// A `$text`, `$json` or `$yaml` placeholder that could not be substituted.
    Placeholder,
    /// A Location target that is missing, outside the catalog, or a cycle.
    Location,
    /// Location entities that lead back to themselves (followed once).
    LocationCycle,
    /// A relation reference Backstage cannot parse (e.g. `dependsOn` without kind).
    Relation,
    /// The same entity defined twice (plat's check).
    DuplicateEntity,
    /// A reference to an entity that is not in the catalog (plat's check).
    MissingReference,
    /// A reference whose kind is none of the known kinds (plat's check).
    ReferenceKind,
    /// Entities that depend on each other in a circle (`plat deps --check`).
    DependencyCycle,
    /// Production depending on deprecated or experimental (`plat deps --check`).
    Lifecycle,
    /// A `backstage.io/techdocs-ref` (or `techdocs-entity`) that does not
    /// lead to docs (`plat docs check`).
    TechdocsRef,
    /// mkdocs.yml that MkDocs or TechDocs would refuse, or that is missing.
    MkdocsConfig,
    /// A `nav` entry that names no file in `docs_dir`.
    Nav,
    /// A page that is not in `nav` (MkDocs says so when it builds).
    NotInNav,
    /// The docs have no home page (`index.md` or `README.md`).
    IndexPage,
    /// A relative link or image whose target is not in the docs.
    Link,
    /// A link to a heading that the target page does not have.
    Anchor,
    /// Docs that lead out of their directory through `..`, an absolute
    /// path or a symlink: refused, as TechDocs refuses them.
    DocsEscape,
}

impl Rule {
    pub fn name(self) -> &'static str {
        match self {
            Rule::Read => "read",
            Rule::Fetch => "fetch",
            Rule::FileTooLarge => "file-too-large",
            Rule::Encoding => "encoding",
            Rule::ByteOrderMark => "byte-order-mark",
            Rule::EmptyFile => "empty-file",
            Rule::Yaml => "yaml",
            Rule::NotAMapping => "not-a-mapping",
            Rule::Envelope => "envelope",
            Rule::FieldFormat => "field-format",
            Rule::Schema => "schema",
            Rule::UnknownKind => "unknown-kind",
            Rule::Placeholder => "placeholder",
            Rule::Location => "location",
            Rule::LocationCycle => "location-cycle",
            Rule::Relation => "relation",
            Rule::DuplicateEntity => "duplicate-entity",
            Rule::MissingReference => "missing-reference",
            Rule::ReferenceKind => "reference-kind",
            Rule::DependencyCycle => "dependency-cycle",
            Rule::Lifecycle => "lifecycle",
            Rule::TechdocsRef => "techdocs-ref",
            Rule::MkdocsConfig => "mkdocs-config",
            Rule::Nav => "nav",
            Rule::NotInNav => "not-in-nav",
            Rule::IndexPage => "index-page",
            Rule::Link => "link",
            Rule::Anchor => "anchor",
            Rule::DocsEscape => "docs-escape",
        }
    }

    /// Rules that go beyond what Backstage checks: warnings unless `--strict`.
    pub fn is_plat_extra(self) -> bool {
        matches!(
            self,
            Rule::DuplicateEntity
                | Rule::MissingReference
                | Rule::ReferenceKind
                | Rule::ByteOrderMark
                | Rule::EmptyFile
                | Rule::LocationCycle
        )
    }

    /// Rules that decide Backstage's verdict on a document's content: what
    /// its validators check, and YAML it cannot parse.
    pub fn is_validation(self) -> bool {
        matches!(
            self,
            Rule::Yaml
                | Rule::NotAMapping
                | Rule::Envelope
                | Rule::FieldFormat
                | Rule::Schema
                | Rule::UnknownKind
        )
    }
}

/// One problem, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    pub rule: Rule,
    /// The file (or URL) as shown to the user.
    pub file: String,
    pub line: u32,
    pub column: u32,
    /// Index of the YAML document in the file, when the finding is about one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<usize>,
    /// The entity the finding is about, when it has a ref.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub entity: Option<String>,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Finding {
    pub fn new(
        rule: Rule,
        file: impl Into<String>,
        pos: Pos,
        message: impl Into<String>,
    ) -> Finding {
        Finding {
            severity: if rule.is_plat_extra() {
                Severity::Warning
            } else {
                Severity::Error
            },
            rule,
            file: file.into(),
            line: pos.line,
            column: pos.column,
            document: None,
            entity: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Finding {
        self.hint = Some(hint.into());
        self
    }

    pub fn with_hint_opt(mut self, hint: Option<impl Into<String>>) -> Finding {
        self.hint = hint.map(Into::into);
        self
    }

    pub fn in_document(mut self, index: usize) -> Finding {
        self.document = Some(index);
        self
    }

    pub fn for_entity(mut self, entity_ref: impl Into<String>) -> Finding {
        self.entity = Some(entity_ref.into());
        self
    }

    /// Sort key: by file, then position, then severity.
    pub fn sort_key(&self) -> (&str, u32, u32, Severity, &str) {
        (
            &self.file,
            self.line,
            self.column,
            self.severity,
            &self.message,
        )
    }
}
