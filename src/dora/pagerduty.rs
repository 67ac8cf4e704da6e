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

fn time(value: &Json) -> Option<Timestamp> {
    value.as_str()?.parse().ok()
}

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
            incidents.extend(page.iter().filter_map(|item| {
                let id = item["id"].as_str()?.to_string();
                let resolved = time(&item["resolved_at"]).or_else(|| {
                    (item["status"] == "resolved")
                        .then(|| time(&item["last_status_change_at"]))
                        .flatten()
                });
                Some(Incident {
                    opened: time(&item["created_at"])?,
                    resolved,
                    caused_by: None,
                    origin: format!("PagerDuty incident {id}"),
                    id,
                })
            }));
            if reply.body["more"] != Json::Bool(true) || count == 0 {
                return Ok(incidents);
            }
            offset += count;
        }
    }
}
