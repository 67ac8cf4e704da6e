//! Running a template's steps in a workspace: expressions rendered with
//! the run's context (`parameters`, `steps.<id>.output`, `user`,
//! `secrets`, `each`), `if` and `each` honoured, secrets masked in
//! everything shown, and the outputs (`links`, `text`) rendered at the end.

use std::path::Path;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value as Json, json};

use super::actions::{self, ActionContext};
use super::expr::{ExprError, Templater};
use super::template::{Step, Template};

/// What runs: workspace actions always; publishing actions as `mode` says.
pub struct Run<'a> {
    pub template: &'a Template,
    pub parameters: Json,
    /// `--secret` and `PLAT_SECRET_*` values, as `${{ secrets.X }}`.
    pub secrets: Map<String, Json>,
    /// `${{ user.entity }}` and `${{ user.ref }}`.
    pub user: Json,
    /// Values never shown (secrets, password fields, tokens).
    pub masked: Vec<String>,
    pub mode: Mode<'a>,
    /// Steps that finished in an earlier, failed run: not run again, their
    /// outputs restored (`plat new --resume`).
    pub resumed: Vec<StepReport>,
    /// `.plat/template.yaml` (what the project was made from), written into
    /// the workspace before the first publishing step, else at the end, so
    /// that what is published holds it.
    pub record: Option<String>,
}

/// How publishing steps are treated.
#[derive(Clone, Copy)]
pub enum Mode<'a> {
    /// Listed, not run (`--output`).
    Local,
    /// Described: what each would send, with the outputs it would give (`--dry-run`).
    Plan(&'a dyn Publisher),
    /// Described and checked against the services, changing nothing.
    Preflight(&'a dyn Publisher),
    /// Run.
    Publish(&'a dyn Publisher),
}

/// The actions that reach outside the workspace.
pub trait Publisher {
    fn run(
        &self,
        action: &str,
        input: &Json,
        workspace: &Path,
        log: &mut Vec<String>,
    ) -> Result<Json, String>;
    /// What it would send, and the outputs it would give.
    fn plan(&self, action: &str, input: &Json, workspace: &Path) -> (Vec<String>, Json);
    /// Why it would fail, found without changing anything.
    fn preflight(&self, action: &str, input: &Json, workspace: &Path) -> Vec<String>;
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Done,
    /// `if` was false.
    Skipped,
    /// A publishing action in a local or dry run.
    NotRun,
}

/// One step as it ran (or would run).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StepReport {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    pub name: String,
    pub action: String,
    pub status: Status,
    /// The rendered input, secrets masked.
    pub input: Json,
    pub output: Json,
    /// What a publishing step sends (dry runs).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sends: Vec<String>,
    /// Why it would fail (preflight).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
}

/// What a run produced.
#[derive(Debug, Clone, Serialize)]
pub struct RunReport {
    pub steps: Vec<StepReport>,
    pub links: Vec<Json>,
    pub text: Vec<Json>,
    pub log: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error("step `{step}` ({action}) failed: {message}")]
    Step {
        step: String,
        action: String,
        message: String,
        /// The steps that had finished.
        done: Vec<StepReport>,
    },
    #[error("template output: {0}")]
    Output(ExprError),
}

/// Steps whose action plat does not know: (step label, action, line).
pub fn unknown_actions(template: &Template) -> Vec<(&Step, &str)> {
    template
        .steps
        .iter()
        .filter(|s| !actions::is_known(&s.action))
        .map(|s| (s, s.action.as_str()))
        .collect()
}

impl Run<'_> {
    /// Replaces every secret value in `text`.
    pub fn mask(&self, text: &str) -> String {
        self.masked
            .iter()
            .filter(|s| !s.is_empty())
            .fold(text.to_string(), |acc, secret| {
                acc.replace(secret.as_str(), "***")
            })
    }

    fn mask_json(&self, value: &Json) -> Json {
        match value {
            Json::String(s) => Json::String(self.mask(s)),
            Json::Array(items) => Json::Array(items.iter().map(|v| self.mask_json(v)).collect()),
            Json::Object(map) => Json::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), self.mask_json(v)))
                    .collect(),
            ),
            other => other.clone(),
        }
    }

    /// Runs every step in `workspace`; `on_step` hears of each as it ends.
    pub fn execute(
        &self,
        workspace: &Path,
        on_step: &dyn Fn(&StepReport),
    ) -> Result<RunReport, RunError> {
        let templater = Templater::backstage();
        let mut context = json!({
            "parameters": self.parameters,
            "steps": {},
            "user": self.user,
            "secrets": self.secrets,
        });
        let mut reports = Vec::new();
        let mut log = Vec::new();
        let template_ref = super::record::entity_ref(self.template);
        let mut recorded = self.record.is_none();
        for (index, step) in self.template.steps.iter().enumerate() {
            if !recorded && actions::workspace_action(&step.action).is_none() {
                recorded = self.write_record(workspace, &reports)?;
            }
            if let Some(done) = self.resumed.get(index) {
                if let Some(id) = &step.id {
                    context["steps"][id] = json!({"output": done.output});
                }
                reports.push(done.clone());
                continue;
            }
            let fail = |message: String, reports: &Vec<StepReport>| RunError::Step {
                step: step.label().to_string(),
                action: step.action.clone(),
                message: self.mask(&message),
                done: reports.clone(),
            };
            if let Some(condition) = &step.condition {
                let holds = templater
                    .condition(condition, &context)
                    .map_err(|e| fail(format!("`if`: {e}"), &reports))?;
                if !holds {
                    let report = self.report(step, Status::Skipped, Json::Null, Json::Null);
                    on_step(&report);
                    reports.push(report);
                    continue;
                }
            }
            // `each` runs the step once per item, with `each.key`/`each.value`.
            let items: Vec<Option<Json>> = match &step.each {
                None => vec![None],
                Some(each) => {
                    let value = templater
                        .render_value(each, &context)
                        .map_err(|e| fail(format!("`each`: {e}"), &reports))?;
                    match value {
                        Json::Array(items) => items
                            .into_iter()
                            .enumerate()
                            .map(|(i, v)| Some(json!({"key": i, "value": v})))
                            .collect(),
                        Json::Object(map) => map
                            .into_iter()
                            .map(|(k, v)| Some(json!({"key": k, "value": v})))
                            .collect(),
                        other => {
                            return Err(fail(
                                format!("`each` must be a list or a mapping, found {other}"),
                                &reports,
                            ));
                        }
                    }
                }
            };
            let mut outputs = Vec::new();
            let mut inputs = Vec::new();
            let mut status = Status::Done;
            let mut sends = Vec::new();
            let mut problems = Vec::new();
            for item in items {
                let mut step_context = context.clone();
                if let Some(item) = item {
                    step_context["each"] = item;
                }
                let input = templater
                    .render_value(&step.input, &step_context)
                    .map_err(|e| fail(format!("input: {e}"), &reports))?;
                let output = match (actions::workspace_action(&step.action), self.mode) {
                    (Some(action), _) => {
                        let mut ctx = ActionContext {
                            workspace,
                            template_dir: &self.template.dir,
                            template_ref: &template_ref,
                            log: &mut log,
                            rehearsal: matches!(self.mode, Mode::Plan(_) | Mode::Preflight(_)),
                        };
                        action
                            .run(&mut ctx, &input)
                            .map_err(|e| fail(e.to_string(), &reports))?
                    }
                    (None, Mode::Local) => {
                        status = Status::NotRun;
                        Json::Object(Map::new())
                    }
                    (None, Mode::Plan(publisher) | Mode::Preflight(publisher)) => {
                        status = Status::NotRun;
                        let (would_send, would_output) =
                            publisher.plan(&step.action, &input, workspace);
                        sends.extend(would_send.iter().map(|line| self.mask(line)));
                        if let Mode::Preflight(_) = self.mode {
                            problems.extend(
                                publisher
                                    .preflight(&step.action, &input, workspace)
                                    .iter()
                                    .map(|p| self.mask(p)),
                            );
                        }
                        would_output
                    }
                    (None, Mode::Publish(publisher)) => publisher
                        .run(&step.action, &input, workspace, &mut log)
                        .map_err(|e| fail(e, &reports))?,
                };
                inputs.push(self.mask_json(&input));
                outputs.push(output);
            }
            let (input, output) = if step.each.is_some() {
                (Json::Array(inputs), Json::Array(outputs))
            } else {
                (
                    inputs.pop().unwrap_or(Json::Null),
                    outputs.pop().unwrap_or(Json::Null),
                )
            };
            if let Some(id) = &step.id {
                context["steps"][id] = json!({"output": output});
            }
            let mut report = self.report(step, status, input, output);
            report.sends = sends;
            report.problems = problems;
            on_step(&report);
            reports.push(report);
        }
        if !recorded {
            self.write_record(workspace, &reports)?;
        }
        let (links, text) = self
            .outputs(&templater, &context)
            .map_err(RunError::Output)?;
        Ok(RunReport {
            steps: reports,
            links,
            text,
            log: log.iter().map(|l| self.mask(l)).collect(),
        })
    }

    /// Writes the record into the workspace (true: written).
    fn write_record(&self, workspace: &Path, reports: &[StepReport]) -> Result<bool, RunError> {
        let Some(record) = &self.record else {
            return Ok(true);
        };
        super::render::write_inside(workspace, super::record::RECORD_FILE, record.as_bytes())
            .map_err(|e| RunError::Step {
                step: "record the template".into(),
                action: "plat".into(),
                message: e.to_string(),
                done: reports.to_vec(),
            })?;
        Ok(true)
    }

    fn report(&self, step: &Step, status: Status, input: Json, output: Json) -> StepReport {
        StepReport {
            id: step.id.clone(),
            name: step.label().to_string(),
            action: step.action.clone(),
            status,
            input,
            output: self.mask_json(&output),
            sends: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// `output.links` and `output.text`, rendered; entries whose `if` is
    /// false are left out, and so are links that lead nowhere (their `url`
    /// and `entityRef` render empty, e.g. from a step that did not run), as
    /// Backstage's task page leaves them out.
    fn outputs(
        &self,
        templater: &Templater,
        context: &Json,
    ) -> Result<(Vec<Json>, Vec<Json>), ExprError> {
        let mut lists = [Vec::new(), Vec::new()];
        for (i, key) in ["links", "text"].into_iter().enumerate() {
            for entry in self.template.output[key].as_array().into_iter().flatten() {
                if let Some(condition) = entry.get("if")
                    && !templater.condition(condition, context)?
                {
                    continue;
                }
                let mut rendered = templater.render_value(entry, context)?;
                if let Json::Object(map) = &mut rendered {
                    map.shift_remove("if");
                }
                if key == "links" && !leads_somewhere(&rendered) {
                    continue;
                }
                lists[i].push(self.mask_json(&rendered));
            }
        }
        let [links, text] = lists;
        Ok((links, text))
    }
}

/// A link with a non-empty `url` or `entityRef` (Backstage's `url || entityRef`).
fn leads_somewhere(link: &Json) -> bool {
    ["url", "entityRef"]
        .iter()
        .any(|key| link[key].as_str().is_some_and(|s| !s.is_empty()))
}
