//! `pagerduty:service:create`: a PagerDuty service for the new component,
//! through PagerDuty's REST API v2 (the inputs of PagerDuty's own
//! Backstage action: name, description, escalationPolicyId).

use reqwest::Method;
use serde_json::{Value as Json, json};

use super::{Plan, Publishers, join, required, string};
use crate::http::api::Reply;
use crate::integrations::PagerDuty;

fn integration<'a>(publishers: &'a Publishers<'_>) -> Result<(&'a PagerDuty, &'a str), String> {
    let pagerduty = publishers
        .integrations
        .pagerduty
        .as_ref()
        .ok_or("PagerDuty is not configured: add integrations.pagerduty.token: env:PAGERDUTY_TOKEN to plat.yaml")?;
    let token = pagerduty.token.as_deref().ok_or_else(|| {
        let variable = pagerduty.token_variable.as_deref().unwrap_or("PAGERDUTY_TOKEN");
        format!("no PagerDuty token: set integrations.pagerduty.token: env:{variable} in plat.yaml and export {variable}")
    })?;
    Ok((pagerduty, token))
}

fn failure(what: &str, reply: &Reply) -> String {
    match reply.status {
        401 => format!(
            "{what}: PagerDuty rejected the token (401 {})",
            reply.message()
        ),
        403 => format!(
            "{what}: the token may not do this (403 {})",
            reply.message()
        ),
        status => format!("{what}: PagerDuty answered {status}: {}", reply.message()),
    }
}

fn body(input: &Json) -> Result<Json, String> {
    Ok(json!({"service": {
        "type": "service",
        "name": required(input, "name")?,
        "description": string(input, "description"),
        "escalation_policy": {"id": required(input, "escalationPolicyId")?, "type": "escalation_policy_reference"},
    }}))
}

pub fn create(publishers: &Publishers<'_>, input: &Json) -> Result<Json, String> {
    let (pagerduty, token) = integration(publishers)?;
    let reply = publishers.call(
        pagerduty
            .call(Method::POST, "services", token)
            .json(body(input)?),
    )?;
    if !reply.is_success() {
        return Err(failure("creating the PagerDuty service", &reply));
    }
    let service = &reply.body["service"];
    Ok(json!({"serviceId": service["id"], "serviceUrl": service["html_url"]}))
}

pub fn plan(publishers: &Publishers<'_>, input: &Json) -> Plan {
    let url = publishers.integrations.pagerduty.as_ref().map_or_else(
        || "https://api.pagerduty.com/services".to_string(),
        |p| join(&p.api_base, "services").to_string(),
    );
    let sends = match body(input) {
        Ok(body) => vec![format!("POST {url} {body}")],
        Err(problem) => vec![format!("POST {url} ({problem})")],
    };
    Plan {
        sends,
        output: json!({"serviceId": "(new service)", "serviceUrl": "(new service)"}),
    }
}

pub fn preflight(publishers: &Publishers<'_>, input: &Json) -> Vec<String> {
    let (pagerduty, token) = match integration(publishers) {
        Ok(found) => found,
        Err(problem) => return vec![problem],
    };
    let Some(policy) = string(input, "escalationPolicyId") else {
        return vec!["input `escalationPolicyId` is required".into()];
    };
    match publishers.call(pagerduty.call(
        Method::GET,
        &format!("escalation_policies/{policy}"),
        token,
    )) {
        Ok(reply) if reply.is_success() => Vec::new(),
        Ok(reply) if reply.status == 404 => {
            vec![format!("PagerDuty has no escalation policy {policy}")]
        }
        Ok(reply) => vec![failure("checking the PagerDuty escalation policy", &reply)],
        Err(error) => vec![format!("cannot reach PagerDuty: {error}")],
    }
}
