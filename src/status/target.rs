//! Which Kubernetes objects belong to an entity, by the rules of
//! Backstage's Kubernetes plugin: the entity has a Kubernetes tab when it
//! has `backstage.io/kubernetes-id` or `backstage.io/kubernetes-label-selector`;
//! objects are found by the label selector annotation when present, else
//! by the label `backstage.io/kubernetes-id=<id>` (the id being the
//! annotation, else the entity's name); `backstage.io/kubernetes-namespace`
//! restricts the namespace.

use serde::Serialize;
use serde_json::Value as Json;

use super::StatusError;

pub const ANNOTATION_ID: &str = "backstage.io/kubernetes-id";
pub const ANNOTATION_LABEL_SELECTOR: &str = "backstage.io/kubernetes-label-selector";
pub const ANNOTATION_NAMESPACE: &str = "backstage.io/kubernetes-namespace";

/// What to look for, in every cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    /// The service id: `backstage.io/kubernetes-id`, else the entity's name.
    pub id: String,
    /// The label selector every list request carries.
    pub selector: String,
    /// From `backstage.io/kubernetes-namespace`; `None` reads every namespace.
    pub namespace: Option<String>,
}

impl Target {
    /// The target of a catalog entity.
    pub fn of(entity: &crate::catalog::Entity) -> Result<Target, StatusError> {
        Target::from_document(&entity.json).map_err(|_| StatusError::MissingAnnotation {
            entity: entity.reference.to_string(),
            name: entity.reference.name.clone(),
            file: entity.source.to_string(),
        })
    }

    /// The target of an entity document; an entity without either
    /// annotation has no Kubernetes objects as far as Backstage is concerned.
    pub fn from_document(entity: &Json) -> Result<Target, StatusError> {
        let metadata = &entity["metadata"];
        // JavaScript's `||`: an empty annotation counts as absent.
        let annotation = |key: &str| {
            metadata["annotations"][key]
                .as_str()
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(str::to_string)
        };
        let name = metadata["name"].as_str().unwrap_or_default().to_string();
        let id = annotation(ANNOTATION_ID);
        let selector = annotation(ANNOTATION_LABEL_SELECTOR);
        if id.is_none() && selector.is_none() {
            return Err(StatusError::MissingAnnotation {
                entity: name.clone(),
                file: String::new(),
                name,
            });
        }
        let id = id.unwrap_or(name);
        Ok(Target {
            selector: selector.unwrap_or_else(|| format!("{ANNOTATION_ID}={id}")),
            namespace: annotation(ANNOTATION_NAMESPACE),
            id,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entity(annotations: Json) -> Json {
        json!({"metadata": {"name": "payments-service", "annotations": annotations}})
    }

    #[test]
    fn the_id_annotation_makes_the_selector() {
        let target = Target::from_document(&entity(json!({ANNOTATION_ID: "payments"}))).unwrap();
        assert_eq!(target.id, "payments");
        assert_eq!(target.selector, "backstage.io/kubernetes-id=payments");
        assert_eq!(target.namespace, None);
    }

    #[test]
    fn a_label_selector_wins_and_the_id_falls_back_to_the_name() {
        let target = Target::from_document(&entity(json!({
            ANNOTATION_LABEL_SELECTOR: "app in (payments,payments-worker)",
            ANNOTATION_NAMESPACE: "payments",
        })))
        .unwrap();
        assert_eq!(target.id, "payments-service");
        assert_eq!(target.selector, "app in (payments,payments-worker)");
        assert_eq!(target.namespace.as_deref(), Some("payments"));
    }

    #[test]
    fn without_either_annotation_there_is_nothing_to_find() {
        let error = Target::from_document(&entity(
            json!({ANNOTATION_NAMESPACE: "payments", ANNOTATION_ID: ""}),
        ))
        .unwrap_err();
        assert!(
            matches!(error, StatusError::MissingAnnotation { name, .. } if name == "payments-service")
        );
        assert!(Target::from_document(&json!({"metadata": {"name": "x"}})).is_err());
    }
}
