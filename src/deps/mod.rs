//! Dependencies between entities: what an entity needs (transitively), who
//! needs it, what breaks if it fails, and catalog-wide checks (dangling
//! references, cycles, production depending on deprecated or experimental
//! entities).
//!
//! Everything here works on a loaded [`Catalog`]'s relations and returns
//! values; `plat deps` renders them.

mod check;
mod impact;
mod walk;

use crate::catalog::relations::{
    API_CONSUMED_BY, API_PROVIDED_BY, CONSUMES_API, DEPENDENCY_OF, DEPENDS_ON, PROVIDES_API,
};

pub use check::check;
pub use impact::{Dependent, Impact, impact};
pub use walk::{Mark, Traversal, TreeNode, walk};

/// Relations followed for dependencies: an entity's `dependsOn`, and the
/// APIs it consumes on to the components that provide them.
pub const DEPENDENCIES: &[&str] = &[DEPENDS_ON, CONSUMES_API, API_PROVIDED_BY];

/// Relations followed for dependents: the reverse of [`DEPENDENCIES`].
pub const DEPENDENTS: &[&str] = &[DEPENDENCY_OF, PROVIDES_API, API_CONSUMED_BY];

/// The relation type that reads the other way (`dependsOn` for
/// `dependencyOf`), for showing a dependent's path towards the entity.
pub fn forward_of(kind: &'static str) -> &'static str {
    crate::catalog::relations::reverse_of(kind).unwrap_or(kind)
}
