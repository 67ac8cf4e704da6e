//! Software templates, run locally: Backstage's `template.yaml` files
//! (`scaffolder.backstage.io/v1beta3`), their parameters, `${{ }}`
//! expressions, and the actions their steps run.
//!
//! Nothing here prints or prompts: the CLI asks the questions [`params`]
//! describes and renders the [`run::RunReport`].

pub mod actions;
pub mod behind;
pub mod compile;
pub mod expr;
pub mod git;
pub mod js;
pub mod js_methods;
pub mod location;
pub mod merge;
pub mod nunjucks;
pub mod params;
pub mod publish;
pub mod record;
pub mod render;
pub mod repo_url;
pub mod run;
pub mod sources;
pub mod state;
pub mod template;
pub mod update;
pub mod update_plan;
pub mod versions;
pub mod workspace;
