//! Reading a whole Backstage catalog through its REST API:
//! `GET /api/catalog/entities/by-query`, 500 entities a page, following
//! `pageInfo.nextCursor`. Filters go to the server when there are any.

use std::sync::Arc;

use reqwest::Url;
use serde::Deserialize;
use serde_json::Value;

use super::entity::{ANNOTATION_LOCATION, Entity, Provenance, Source};
use super::entity_ref::{DEFAULT_NAMESPACE, EntityRef};
use super::relations::{self, Relation};
use super::remote::Backstage;
use crate::http::{Client, FetchError, Request};

pub const PAGE_SIZE: u32 = 500;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Page {
    items: Vec<Value>,
    #[serde(default)]
    page_info: PageInfo,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct PageInfo {
    next_cursor: Option<String>,
}

/// A failed read, with the URL that failed.
#[derive(Debug)]
pub struct QueryError {
    pub url: Url,
    pub error: FetchError,
}

/// The first page's URL: `filters` are Backstage filter strings, sent as
/// repeated `filter` parameters.
pub fn first_page(base: &Url, filters: &[String]) -> Url {
    let mut url = base.clone();
    {
        let mut segments = url.path_segments_mut().expect("base URLs are hierarchical");
        segments.pop_if_empty();
        segments.extend(["api", "catalog", "entities", "by-query"]);
    }
    {
        let mut query = url.query_pairs_mut();
        query.append_pair("limit", &PAGE_SIZE.to_string());
        for filter in filters {
            query.append_pair("filter", filter);
        }
    }
    url
}

/// Every entity the server has (that matches `filters`), page by page;
/// `on_page` is told how many arrived.
pub fn entities(
    client: &Client,
    server: &Backstage,
    filters: &[String],
    on_page: &dyn Fn(usize),
) -> Result<Vec<Value>, QueryError> {
    let mut url = first_page(&server.base_url, filters);
    let mut all = Vec::new();
    loop {
        let mut request =
            Request::get(url.clone()).header(reqwest::header::ACCEPT, "application/json");
        if let Some(token) = &server.token {
            request = request.authorization("Bearer", token);
        }
        let response = client.fetch(request).map_err(|error| QueryError {
            url: url.clone(),
            error,
        })?;
        let page: Page = serde_json::from_slice(&response.body).map_err(|e| QueryError {
            url: url.clone(),
            error: FetchError::Body(format!("not a Backstage catalog response: {e}")),
        })?;
        on_page(page.items.len());
        all.extend(page.items);
        match page.page_info.next_cursor {
            Some(cursor) if !cursor.is_empty() => {
                // With a cursor the server remembers the query; only the
                // page size may be given again.
                let mut next = first_page(&server.base_url, &[]);
                next.query_pairs_mut()
                    .clear()
                    .append_pair("limit", &PAGE_SIZE.to_string())
                    .append_pair("cursor", &cursor);
                url = next;
            }
            _ => return Ok(all),
        }
    }
}

/// An entity as the server returned it: its relations are the server's.
pub fn to_entity(mut item: Value, server: &Backstage, keep_document: bool) -> Option<Entity> {
    let kind = item.get("kind")?.as_str()?.to_string();
    let metadata = item.get("metadata")?;
    let name = metadata.get("name")?.as_str()?.to_string();
    let namespace = metadata
        .get("namespace")
        .and_then(Value::as_str)
        .unwrap_or(DEFAULT_NAMESPACE)
        .to_string();
    let location = metadata["annotations"][ANNOTATION_LOCATION]
        .as_str()
        .map(str::to_string);
    let relations: Vec<Relation> = item
        .get("relations")
        .and_then(Value::as_array)
        .map(|list| {
            list.iter()
                .filter_map(|r| {
                    let kind = relation_type(r.get("type")?.as_str()?)?;
                    let target = r.get("targetRef")?.as_str()?;
                    Some(Relation {
                        kind,
                        target_ref: Arc::from(target),
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    if let Value::Object(map) = &mut item {
        map.shift_remove("relations");
    }
    let reference = EntityRef::new(&kind, &namespace, &name);
    let lifecycle = item["spec"]["lifecycle"].as_str().map(Box::from);
    Some(Entity {
        json: if keep_document { item } else { Value::Null },
        key: reference.key().into(),
        reference,
        source: Source {
            // Where the server read it, else the server itself.
            file: location
                .unwrap_or_else(|| server.base_url.to_string())
                .into(),
            line: 0,
            column: 0,
            document: 0,
        },
        emitted: Vec::new(),
        relations,
        lifecycle,
        provenance: Provenance::Backstage,
    })
}

/// The relation type's canonical name (relations are `&'static str`).
fn relation_type(name: &str) -> Option<&'static str> {
    relations::RELATION_FIELDS
        .iter()
        .flat_map(|f| [f.forward, f.reverse])
        .find(|t| *t == name)
}

/// What to do about a failed query.
pub fn hint(error: &FetchError, has_token: bool) -> Option<String> {
    Some(match error.status() {
        Some(401 | 403) if has_token => "the server refused the token: check integrations.backstage.token".into(),
        Some(401 | 403) => "set integrations.backstage.token (e.g. `token: env:BACKSTAGE_TOKEN`) in plat.yaml".into(),
        Some(404) => "check integrations.backstage.baseUrl: it is the server's root, e.g. https://backstage.example.com".into(),
        _ => match error {
            FetchError::Offline => "run once without --offline to fill the cache".into(),
            FetchError::Body(_) => "is this URL a Backstage server? plat reads /api/catalog/entities/by-query".into(),
            _ => "check the URL and the network; --offline reads what the cache holds".into(),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_page_carries_limit_and_filters() {
        let base = Url::parse("https://backstage.example.com/").unwrap();
        let url = first_page(
            &base,
            &["kind=component,spec.type=service".into(), "kind=api".into()],
        );
        assert_eq!(
            url.as_str(),
            "https://backstage.example.com/api/catalog/entities/by-query?limit=500&filter=kind%3Dcomponent%2Cspec.type%3Dservice&filter=kind%3Dapi"
        );
    }
}
