//! `debug:log`: a message (and optionally the workspace's files) in the run's log.

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
