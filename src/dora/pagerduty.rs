//! PagerDuty as a source (a service with the `pagerduty.com/service-id`
//! annotation): its incidents in the window, through REST API v2 with
//! offset paging.

use jiff::Timestamp;
use reqwest::Method;
use serde_json::Value as Json;

use super::error::DoraError;
use super::model::Incident;
use crate::http::Client;
use crate::integrations::PagerDuty;

pub struct PagerDutySource<'a> {
    pub client: &'a Client,
    pub integration: &'a PagerDuty,
    pub service_id: String,
    /// The service, for messages.
    pub service: String,
}

const PAGE: usize = 100;

impl PagerDutySource<'_> {
    fn error(&self, message: String, hint: Option<String>, usage: bool) -> DoraError {
        DoraError::Fetch {
            service: self.service.clone(),
            what: format!("PagerDuty incidents of service {}", self.service_id),
            message,
            hint,
            usage,
        }
    }

    /// A time field of an incident: a malformed or out-of-range one is an
    /// error naming it, not a silently dropped incident.
    fn time(&self, item: &Json, field: &str) -> Result<Option<Timestamp>, DoraError> {
        crate::time::json_time(&item[field]).map_err(|e| {
            self.error(
                format!("`{field}` {} {e}", item[field]),
                Some("this is a problem of the server's response".into()),
                false,
            )
        })
    }

    /// Incidents opened in `[since, until)`.
    pub fn incidents(
        &self,
        since: Timestamp,
        until: Timestamp,
    ) -> Result<Vec<Incident>, DoraError> {
        let variable = self
            .integration
            .token_variable
            .as_deref()
            .unwrap_or("PAGERDUTY_TOKEN");
        let Some(token) = &self.integration.token else {
            return Err(self.error(
                "no token".into(),
                Some(format!(
                    "set ${variable} (integrations.pagerduty.token in plat.yaml)"
                )),
                true,
            ));
        };
        let mut incidents = Vec::new();
        let mut offset = 0;
        loop {
            let mut call = self.integration.call(Method::GET, "incidents", token);
            call.url
                .query_pairs_mut()
                .append_pair("service_ids[]", &self.service_id)
                .append_pair("since", &since.to_string())
                .append_pair("until", &until.to_string())
                .append_pair("time_zone", "UTC")
                .append_pair("limit", &PAGE.to_string())
                .append_pair("offset", &offset.to_string());
            let reply = self
                .client
                .call(call)
                .map_err(|e| self.error(e.to_string(), None, false))?;
            if !reply.is_success() {
                return Err(match reply.status {
                    401 | 403 => self.error(
                        format!("HTTP {}: {}", reply.status, reply.message()),
                        Some(format!("check the token in ${variable} (integrations.pagerduty.token in plat.yaml)")),
                        true,
                    ),
                    404 => self.error(
                        "404 Not Found".into(),
                        Some("check the pagerduty.com/service-id annotation".into()),
                        true,
                    ),
                    status => self.error(format!("HTTP {status}: {}", reply.message()), None, false),
                });
            }
            let page = reply.body["incidents"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let count = page.len();
            for item in &page {
                let Some(id) = item["id"].as_str() else {
                    continue;
                };
                let Some(opened) = self.time(item, "created_at")? else {
                    continue;
                };
                let resolved = match self.time(item, "resolved_at")? {
                    None if item["status"] == "resolved" => {
                        self.time(item, "last_status_change_at")?
                    }
                    resolved => resolved,
                };
                incidents.push(Incident {
                    opened,
                    resolved,
                    caused_by: None,
                    origin: format!("PagerDuty incident {id}"),
                    id: id.to_string(),
                });
            }
            if reply.body["more"] != Json::Bool(true) || count == 0 {
                return Ok(incidents);
            }
            offset += count;
        }
    }
}
