//! `debug:log`: a message (and optionally the workspace's files) in the run's
//! log; `debug:wait`: a pause, as Backstage's (at most 10 minutes).

use serde_json::{Value as Json, json};

use super::{Action, ActionContext, ActionError, string};
use crate::scaffold::workspace;

pub struct Log;

impl Action for Log {
    fn id(&self) -> &'static str {
        "debug:log"
    }

    fn run(&self, ctx: &mut ActionContext<'_>, input: &Json) -> Result<Json, ActionError> {
        if let Some(message) = string(input, "message")? {
            ctx.log.push(message.to_string());
        }
        if input["listWorkspace"] == true || input["listWorkspace"] == "with-filenames" {
            for file in workspace::tree(ctx.workspace) {
                ctx.log.push(format!("  {file}"));
            }
        }
        Ok(json!({}))
    }
}

pub struct Wait;

/// Backstage refuses longer waits.
const MAX_WAIT: std::time::Duration = std::time::Duration::from_secs(600);

impl Action for Wait {
    fn id(&self) -> &'static str {
        "debug:wait"
    }

    fn run(&self, ctx: &mut ActionContext<'_>, input: &Json) -> Result<Json, ActionError> {
        let part = |key: &'static str, unit: f64| -> Result<f64, ActionError> {
            match &input[key] {
                Json::Null => Ok(0.0),
                value => value
                    .as_f64()
                    .filter(|v| *v >= 0.0)
                    .map(|v| v * unit)
                    .ok_or_else(|| {
                        ActionError::input(key, format!("must be a number of {key}, not {value}"))
                    }),
            }
        };
        let seconds = part("minutes", 60.0)? + part("seconds", 1.0)? + part("milliseconds", 0.001)?;
        let wait = std::time::Duration::try_from_secs_f64(seconds).unwrap_or(MAX_WAIT * 2);
        if wait > MAX_WAIT {
            return Err(ActionError::Failed(format!(
                "Waiting duration is longer than the maximum threshold of {} minutes",
                MAX_WAIT.as_secs() / 60
            )));
        }
        if !ctx.rehearsal {
            std::thread::sleep(wait);
        }
        Ok(json!({}))
    }
}
