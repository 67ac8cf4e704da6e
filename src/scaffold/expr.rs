//! Template expressions as Backstage's scaffolder evaluates them: nunjucks
//! with `${{ }}` for expressions (or `{{ }}` in cookiecutter compatibility),
//! autoescaping off, Backstage's filters (`parseRepoUrl`, `parseEntityRef`,
//! `pick`, `projectSlug`) and nunjucks' `dump`. plat parses and runs them
//! with minijinja; [`super::compile`] gives them nunjucks' semantics, which
//! are JavaScript's ([`super::js`]): values print as JavaScript prints
//! them, `==` is loose, `for k, v in object` walks the object, strings have
//! `.length` and `.toUpperCase()`.

use minijinja::syntax::SyntaxConfig;
use minijinja::{Environment, Error, ErrorKind, UndefinedBehavior, Value};
use serde_json::Value as Json;

use super::compile::{self, Failure};
use super::js;
use super::repo_url;
use crate::catalog::entity_ref::{DEFAULT_NAMESPACE, PartialRef};

/// Bounds the work one template may do (loops, recursion): untrusted input.
const FUEL: u64 = 50_000_000;

/// A failed expression: what failed, and where in the template (line and
/// column, from 1) when that is known.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}{}", .position.map(|(l, c)| format!(" (at line {l}, column {c})")).unwrap_or_default())]
pub struct ExprError {
    pub message: String,
    pub position: Option<(usize, usize)>,
}

impl ExprError {
    fn new(failure: Failure, source: &str) -> ExprError {
        let position = match failure.offset {
            Some(offset) if offset <= source.len() && source.is_char_boundary(offset) => {
                let before = &source[..offset];
                let line = before.matches('\n').count() + 1;
                let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
                Some((line, column))
            }
            _ => failure.line.map(|line| (line, 1)),
        };
        ExprError {
            message: failure.message,
            position,
        }
    }
}

/// Renders templates and evaluates expressions.
pub struct Templater {
    env: Environment<'static>,
    syntax: SyntaxConfig,
    /// `{{ }}` (cookiecutter) rather than `${{ }}`.
    pub cookiecutter: bool,
}

impl Templater {
    /// Backstage's syntax: `${{ expression }}`, `{% block %}`.
    pub fn backstage() -> Templater {
        Templater::new(false)
    }

    /// `cookiecutterCompat`: `{{ cookiecutter.x }}` and the `jsonify` filter.
    pub fn cookiecutter() -> Templater {
        Templater::new(true)
    }

    fn new(cookiecutter: bool) -> Templater {
        let mut env = Environment::new();
        let start = if cookiecutter { "{{" } else { "${{" };
        let syntax = SyntaxConfig::builder()
            .variable_delimiters(start, "}}")
            .keep_trailing_newline(true)
            .build()
            .expect("static syntax is valid");
        env.set_syntax(syntax.clone());
        // nunjucks: unknown names and their attributes are undefined, and
        // undefined prints nothing.
        env.set_undefined_behavior(UndefinedBehavior::Chainable);
        env.set_fuel(Some(FUEL));
        env.set_formatter(|out, _state, value| {
            out.write_str(&js::display(value))
                .map_err(|_| Error::new(ErrorKind::WriteFailure, "cannot write output"))
        });
        compile::register(&mut env);
        super::nunjucks::register(&mut env);
        env.add_filter("dump", dump);
        if cookiecutter {
            env.add_filter("jsonify", dump);
        }
        env.add_filter("parseRepoUrl", parse_repo_url);
        env.add_filter("projectSlug", project_slug);
        env.add_filter("parseEntityRef", parse_entity_ref);
        env.add_filter("pick", pick);
        Templater {
            env,
            syntax,
            cookiecutter,
        }
    }

    /// Renders `text` with `context` (a JSON object).
    pub fn render(&self, text: &str, context: &Json) -> Result<String, ExprError> {
        let start = if self.cookiecutter { "{{" } else { "${{" };
        if !text.contains(start) && !text.contains("{%") && !text.contains("{#") {
            return Ok(text.to_string());
        }
        compile::render(
            &self.env,
            &self.syntax,
            self.cookiecutter,
            text,
            mj(context),
        )
        .map_err(|failure| ExprError::new(failure, text))
    }

    /// Evaluates an expression (the inside of `${{ }}`) to JSON.
    pub fn eval(&self, expression: &str, context: &Json) -> Result<Json, ExprError> {
        let value = compile::eval(&self.env, self.cookiecutter, expression, mj(context))
            .map_err(|failure| ExprError::new(failure, expression))?;
        Ok(to_json(&value))
    }

    /// Renders every string in `value`. A string that is exactly one
    /// `${{ expression }}` keeps the expression's type (a number, a list, an
    /// object), as in Backstage.
    pub fn render_value(&self, value: &Json, context: &Json) -> Result<Json, ExprError> {
        Ok(match value {
            Json::String(text) => match single_expression(text) {
                Some(expression) if !self.cookiecutter => self.eval(expression, context)?,
                _ => Json::String(self.render(text, context)?),
            },
            Json::Array(items) => Json::Array(
                items
                    .iter()
                    .map(|v| self.render_value(v, context))
                    .collect::<Result<_, _>>()?,
            ),
            Json::Object(map) => Json::Object(
                map.iter()
                    .map(|(k, v)| Ok((k.clone(), self.render_value(v, context)?)))
                    .collect::<Result<_, ExprError>>()?,
            ),
            other => other.clone(),
        })
    }

    /// Whether `if:` holds: a boolean, or a string template rendered and
    /// read as JavaScript truthiness.
    pub fn condition(&self, condition: &Json, context: &Json) -> Result<bool, ExprError> {
        Ok(truthy(&self.render_value(condition, context)?))
    }
}

/// Any serializable value as a minijinja value.
fn mj<T: serde::Serialize>(value: T) -> Value {
    Value::from(minijinja::value::Serde(value))
}

/// `${{ expression }}` and nothing else: the expression.
pub fn single_expression(text: &str) -> Option<&str> {
    let inner = text.trim().strip_prefix("${{")?.strip_suffix("}}")?;
    (!inner.contains("${{") && !inner.contains("}}")).then_some(inner)
}

/// JavaScript truthiness of a JSON value.
pub fn truthy(value: &Json) -> bool {
    match value {
        Json::Null => false,
        Json::Bool(b) => *b,
        Json::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Json::String(s) => !s.is_empty() && s != "false",
        Json::Array(_) | Json::Object(_) => true,
    }
}

/// A minijinja value as JSON; undefined becomes null.
pub fn to_json(value: &Value) -> Json {
    if value.is_undefined() || value.is_none() {
        return Json::Null;
    }
    serde_json::to_value(value).unwrap_or(Json::Null)
}

/// `dump`: JSON.stringify(value, null, indent).
fn dump(value: Value, indent: Option<Value>) -> Value {
    let indent = match indent {
        Some(i) if i.as_str().is_some() => {
            i.as_str().unwrap_or_default().chars().take(10).collect()
        }
        Some(i) => " ".repeat(js::to_number(&i).clamp(0.0, 10.0) as usize),
        None => String::new(),
    };
    js::stringify(&value, &indent).map_or(Value::UNDEFINED, Value::from)
}

fn invalid(message: String) -> Error {
    Error::new(ErrorKind::InvalidOperation, message)
}

/// `parseRepoUrl`: `github.com?owner=o&repo=r` into `{host, owner, repo}`.
fn parse_repo_url(url: String) -> Result<Value, Error> {
    let spec = repo_url::parse(&url).map_err(invalid)?;
    Ok(mj(&spec))
}

/// `projectSlug`: `owner/repo`.
fn project_slug(url: String) -> Result<String, Error> {
    let spec = repo_url::parse(&url).map_err(invalid)?;
    Ok(format!("{}/{}", spec.owner.unwrap_or_default(), spec.repo))
}

/// `parseEntityRef`: `kind:namespace/name` into `{kind, namespace, name}`,
/// with `defaultKind` and `defaultNamespace` from the optional context.
fn parse_entity_ref(reference: String, context: Option<Value>) -> Result<Value, Error> {
    let get = |key: &str| {
        context
            .as_ref()
            .and_then(|c| c.get_attr(key).ok())
            .and_then(|v| v.as_str().map(str::to_string))
    };
    let partial = PartialRef::parse(&reference).map_err(|e| invalid(e.to_string()))?;
    let default_kind = get("defaultKind");
    let kind = partial.kind.map(str::to_string).or(default_kind).ok_or_else(|| {
        invalid(format!(
            "Entity reference \"{reference}\" had missing or empty kind (e.g. did not start with \"component:\" or similar)"
        ))
    })?;
    let namespace = partial
        .namespace
        .map(str::to_string)
        .or_else(|| get("defaultNamespace"))
        .unwrap_or_else(|| DEFAULT_NAMESPACE.to_string());
    Ok(mj(
        serde_json::json!({"kind": kind, "namespace": namespace, "name": partial.name}),
    ))
}

/// `pick`: lodash's `get(object, path)`.
fn pick(object: Value, path: String) -> Value {
    let mut at = to_json(&object);
    for part in path.split('.') {
        at = match at {
            Json::Object(mut map) => map.remove(part).unwrap_or(Json::Null),
            Json::Array(items) => part
                .parse::<usize>()
                .ok()
                .and_then(|i| items.into_iter().nth(i))
                .unwrap_or(Json::Null),
            _ => return Value::UNDEFINED,
        };
    }
    if at.is_null() {
        Value::UNDEFINED
    } else {
        mj(&at)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn render(text: &str) -> String {
        Templater::backstage()
            .render(text, &json!({"values": {"name": "payments", "n": 3, "list": ["a", "b"], "obj": {"a": 1}, "none": null, "f": 1.0, "url": "github.com?owner=acme&repo=pay"}}))
            .unwrap()
    }

    #[test]
    fn prints_values_as_javascript_does() {
        assert_eq!(render("${{ values.name }}"), "payments");
        assert_eq!(
            render("${{ values.missing }}|${{ values.missing.deep }}|${{ values.none }}"),
            "||"
        );
        assert_eq!(render("${{ values.list }}"), "a,b");
        assert_eq!(render("${{ values.obj }}"), "[object Object]");
        assert_eq!(render("${{ values.f }}"), "1");
        assert_eq!(render("{{ left alone }}"), "{{ left alone }}");
        assert_eq!(render("x\n"), "x\n", "the trailing newline is kept");
    }

    #[test]
    fn nunjucks_operators_and_blocks() {
        assert_eq!(render("${{ values.name + '-svc' }}"), "payments-svc");
        assert_eq!(render("${{ 'a' if values.n > 2 else 'b' }}"), "a");
        assert_eq!(render("{% if values.name %}yes{% endif %}"), "yes");
        assert_eq!(
            render("{% for x in values.list %}${{ x }}{% endfor %}"),
            "ab"
        );
    }

    #[test]
    fn dump_is_json_stringify() {
        assert_eq!(render("${{ values.name | dump }}"), "\"payments\"");
        assert_eq!(render("${{ values.obj | dump }}"), "{\"a\":1}");
        assert_eq!(render("${{ values.list | dump }}"), "[\"a\",\"b\"]");
    }

    #[test]
    fn javascript_string_methods() {
        assert_eq!(render("${{ values.name.toUpperCase() }}"), "PAYMENTS");
        assert_eq!(render("${{ 'a-b-c'.replace('-', '_') }}"), "a_b-c");
        assert_eq!(render("${{ 'a-b-c'.replaceAll('-', '_') }}"), "a_b_c");
        assert_eq!(render("${{ 'a-b-c'.split('-') | length }}"), "3");
        assert_eq!(render("${{ values.name.slice(0, 3) }}"), "pay");
        assert_eq!(render("${{ values.name.startsWith('pay') }}"), "true");
    }

    #[test]
    fn backstage_filters() {
        assert_eq!(
            render("${{ values.url | parseRepoUrl | pick('owner') }}"),
            "acme"
        );
        assert_eq!(render("${{ values.url | projectSlug }}"), "acme/pay");
        assert_eq!(render("${{ (values.url | parseRepoUrl).repo }}"), "pay");
        assert_eq!(
            render("${{ 'group:ops/sre' | parseEntityRef | pick('namespace') }}"),
            "ops"
        );
        assert_eq!(
            render(
                "${{ 'sre' | parseEntityRef({'defaultKind': 'group', 'defaultNamespace': 'ops'}) | dump }}"
            ),
            "{\"kind\":\"group\",\"namespace\":\"ops\",\"name\":\"sre\"}"
        );
        let error = Templater::backstage()
            .render("${{ 'github.com?repo=x' | parseRepoUrl }}", &json!({}))
            .unwrap_err();
        assert!(error.message.contains("missing owner"), "{}", error.message);
    }

    #[test]
    fn a_single_expression_keeps_its_type() {
        let t = Templater::backstage();
        let ctx = json!({"parameters": {"n": 3, "url": "github.com?owner=o&repo=r"}});
        assert_eq!(
            t.render_value(&json!("${{ parameters.n }}"), &ctx).unwrap(),
            json!(3)
        );
        assert_eq!(
            t.render_value(&json!("${{ parameters.url | parseRepoUrl }}"), &ctx)
                .unwrap(),
            json!({"host": "github.com", "owner": "o", "repo": "r"})
        );
        assert_eq!(
            t.render_value(&json!("n=${{ parameters.n }}"), &ctx)
                .unwrap(),
            json!("n=3")
        );
        assert_eq!(
            t.render_value(&json!({"a": ["${{ parameters.n }}"]}), &ctx)
                .unwrap(),
            json!({"a": [3]})
        );
    }

    #[test]
    fn cookiecutter_compatibility() {
        let t = Templater::cookiecutter();
        let ctx = json!({"cookiecutter": {"name": "x", "tags": ["a"]}});
        assert_eq!(
            t.render(
                "{{ cookiecutter.name }} {{ cookiecutter.tags | jsonify }}",
                &ctx
            )
            .unwrap(),
            "x [\"a\"]"
        );
    }

    #[test]
    fn runaway_templates_are_stopped() {
        let error = Templater::backstage()
            .render(
                "{% for i in range(100000) %}{% for j in range(100000) %}x{% endfor %}{% endfor %}",
                &json!({}),
            )
            .unwrap_err();
        assert!(!error.message.is_empty());
    }
}
