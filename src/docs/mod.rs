//! `plat docs`: an entity's TechDocs. Where they are, found as Backstage's
//! TechDocs finds them (`backstage.io/techdocs-ref`, `techdocs-entity`);
//! what their mkdocs.yml says; whether every nav entry, link and image
//! resolves without leaving the docs' directory; and building or serving
//! them with MkDocs. Nothing here prints or prompts.

mod build;
mod check;
mod containment;
mod error;
mod markdown;
mod mkdocs;
mod pages;
mod reference;
mod site;

pub use build::{Built, ConfigFile, Mkdocs, build, failure, find_mkdocs, serve_command};
pub use check::{SiteCheck, check_entity};
pub use error::DocsError;
pub use mkdocs::{CONFIG_NAMES, MkdocsConfig, NavItem, NavTarget, TECHDOCS_CORE, find_config};
pub use reference::{
    ANNOTATION_SOURCE_LOCATION, ANNOTATION_TECHDOCS_ENTITY, ANNOTATION_TECHDOCS_REF, DocsSummary,
    Located, Place, Scm, annotation, has_docs, locate, summary,
};
pub use site::{NavEntry, Site, annotation_position, open};
