//! Asking for template parameters on a terminal (dialoguer), one page at a
//! time, each answer checked against the schema and asked again with the
//! reason when it fails.

use dialoguer::theme::ColorfulTheme;
use dialoguer::{Confirm, FuzzySelect, Input, MultiSelect, Password, Select};
use serde_json::{Map, Value as Json};

use crate::scaffold::params::{Field, FieldKind, typed};
use crate::scaffold::repo_url;
use crate::scaffold::template::Page;

/// Choices for entity pickers: (ref, label).
pub type EntityChoices<'a> = &'a dyn Fn(&[String]) -> Vec<(String, String)>;

/// Asks for the page's fields that `values` does not hold yet.
pub fn ask_page(
    page: &Page,
    values: &mut Map<String, Json>,
    entities: EntityChoices<'_>,
) -> std::io::Result<()> {
    let theme = ColorfulTheme::default();
    if let Some(title) = &page.title {
        eprintln!("\n{title}");
        if let Some(description) = &page.description {
            eprintln!("{description}");
        }
    }
    // Fields can appear as answers are given (conditional fields).
    let mut asked: Vec<String> = Vec::new();
    loop {
        let Some(field) = page
            .fields(values)
            .into_iter()
            .find(|f| !values.contains_key(&f.key) && !asked.contains(&f.key))
        else {
            return Ok(());
        };
        asked.push(field.key.clone());
        loop {
            // `None`: an optional field left empty.
            let Some(answer) = ask(&theme, &field, entities)? else {
                break;
            };
            let mut candidate = values.clone();
            candidate.insert(field.key.clone(), answer.clone());
            let problems: Vec<String> = page
                .validate(&Json::Object(candidate))
                .into_iter()
                .filter(|e| e.key == field.key)
                .map(|e| e.message)
                .collect();
            if problems.is_empty() {
                values.insert(field.key.clone(), answer);
                break;
            }
            eprintln!("  {}: {}; try again", field.title, problems.join(", "));
        }
    }
}

/// One answer, typed; `None` for an optional field left empty.
fn ask(
    theme: &ColorfulTheme,
    field: &Field,
    entities: EntityChoices<'_>,
) -> std::io::Result<Option<Json>> {
    let prompt = match &field.description {
        Some(description) => format!("{} ({description})", field.title),
        None => field.title.clone(),
    };
    let io = |e: dialoguer::Error| match e {
        dialoguer::Error::IO(e) => e,
    };
    let default_index = |options: &[Json]| {
        field
            .default
            .as_ref()
            .and_then(|d| options.iter().position(|o| o == d))
            .unwrap_or(0)
    };
    Ok(Some(match &field.kind {
        FieldKind::Text { secret: true } => {
            let answer = Password::with_theme(theme)
                .with_prompt(&prompt)
                .allow_empty_password(!field.required)
                .interact()
                .map_err(io)?;
            if answer.is_empty() && !field.required {
                return Ok(None);
            }
            Json::String(answer)
        }
        FieldKind::Boolean => Json::Bool(
            Confirm::with_theme(theme)
                .with_prompt(&prompt)
                .default(
                    field
                        .default
                        .as_ref()
                        .and_then(Json::as_bool)
                        .unwrap_or(false),
                )
                .interact()
                .map_err(io)?,
        ),
        FieldKind::Choice { options, labels } => {
            let index = Select::with_theme(theme)
                .with_prompt(&prompt)
                .items(labels)
                .default(default_index(options))
                .interact()
                .map_err(io)?;
            options[index].clone()
        }
        FieldKind::MultiChoice { options, labels } => {
            let chosen = MultiSelect::with_theme(theme)
                .with_prompt(&prompt)
                .items(labels)
                .interact()
                .map_err(io)?;
            Json::Array(chosen.into_iter().map(|i| options[i].clone()).collect())
        }
        FieldKind::Entity { kinds } => {
            let choices = entities(kinds);
            if choices.is_empty() {
                text(theme, &prompt, field, "a ref such as group:default/team")?
                    .map_or(Json::Null, Json::String)
            } else {
                let labels: Vec<&String> = choices.iter().map(|(_, label)| label).collect();
                let index = FuzzySelect::with_theme(theme)
                    .with_prompt(&prompt)
                    .items(&labels)
                    .default(0)
                    .interact()
                    .map_err(io)?;
                Json::String(choices[index].0.clone())
            }
        }
        FieldKind::RepoUrl { hosts, owners } => {
            let host = match hosts.as_slice() {
                [only] => only.clone(),
                [] => Input::with_theme(theme)
                    .with_prompt("Host")
                    .default("github.com".to_string())
                    .interact_text()
                    .map_err(io)?,
                many => many[Select::with_theme(theme)
                    .with_prompt("Host")
                    .items(many)
                    .default(0)
                    .interact()
                    .map_err(io)?]
                .clone(),
            };
            let owner = if owners.is_empty() {
                Input::<String>::with_theme(theme)
                    .with_prompt("Owner (user or organisation)")
                    .interact_text()
                    .map_err(io)?
            } else {
                owners[Select::with_theme(theme)
                    .with_prompt("Owner")
                    .items(owners)
                    .default(0)
                    .interact()
                    .map_err(io)?]
                .clone()
            };
            let repo: String = Input::with_theme(theme)
                .with_prompt("Repository")
                .interact_text()
                .map_err(io)?;
            Json::String(repo_url::build(&host, &owner, &repo))
        }
        FieldKind::Integer
        | FieldKind::Number
        | FieldKind::Structured
        | FieldKind::Text { secret: false } => {
            let hint = match field.kind {
                FieldKind::Integer => "a whole number",
                FieldKind::Number => "a number",
                FieldKind::Structured => "JSON",
                _ => "",
            };
            let Some(answer) = text(theme, &prompt, field, hint)? else {
                return Ok(None);
            };
            match typed(&answer, &field.schema) {
                Ok(value) => value,
                // Kept as text: validation says what is wrong and asks again.
                Err(_) => Json::String(answer),
            }
        }
    }))
}

fn text(
    theme: &ColorfulTheme,
    prompt: &str,
    field: &Field,
    hint: &str,
) -> std::io::Result<Option<String>> {
    let mut input = Input::<String>::with_theme(theme).with_prompt(if hint.is_empty() {
        prompt.to_string()
    } else {
        format!("{prompt} [{hint}]")
    });
    if let Some(default) = &field.default {
        input = input.default(match default {
            Json::String(s) => s.clone(),
            other => other.to_string(),
        });
    }
    let answer = input
        .allow_empty(!field.required)
        .interact_text()
        .map_err(|e| match e {
            dialoguer::Error::IO(e) => e,
        })?;
    Ok((!answer.is_empty()).then_some(answer))
}
