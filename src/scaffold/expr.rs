//! Template expressions as Backstage's scaffolder evaluates them: nunjucks
//! with `${{ }}` for expressions (or `{{ }}` in cookiecutter compatibility),
//! autoescaping off, Backstage's filters (`parseRepoUrl`, `parseEntityRef`,
//! `pick`, `projectSlug`) and nunjucks' `dump`. plat evaluates them with
//! minijinja, made to print values as JavaScript does (`null` and
//! `undefined` print nothing, lists print `a,b`) and to accept the
//! JavaScript string methods templates call (`.toUpperCase()`...).

use minijinja::{Environment, Error, ErrorKind, State, UndefinedBehavior, Value};
use serde_json::Value as Json;

use super::repo_url;
use crate::catalog::entity_ref::{DEFAULT_NAMESPACE, PartialRef};

/// Bounds the work one template may do (loops, recursion): untrusted input.
const FUEL: u64 = 50_000_000;

/// A failed expression, with the text that failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ExprError {
    pub message: String,
}

impl From<Error> for ExprError {
    fn from(error: Error) -> ExprError {
        // minijinja's detail (line, the failing part) is in the display.
        let mut message = error.to_string();
        if let Some(detail) = error.detail() {
            if !message.contains(detail) {
                message = format!("{message}: {detail}");
            }
        }
        ExprError { message }
    }
}

/// Renders templates and evaluates expressions.
pub struct Templater {
    env: Environment<'static>,
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
        env.set_syntax(
            minijinja::syntax::SyntaxConfig::builder()
                .variable_delimiters(start, "}}")
                .keep_trailing_newline(true)
                .build()
                .expect("static syntax is valid"),
        );
        // nunjucks: unknown names and their attributes are undefined, and
        // undefined prints nothing.
        env.set_undefined_behavior(UndefinedBehavior::Chainable);
        env.set_fuel(Some(FUEL));
        env.set_formatter(|out, _state, value| {
            let text = js_string(value);
            out.write_str(&text)
                .map_err(|_| Error::new(ErrorKind::WriteFailure, "cannot write output"))
        });
        env.set_unknown_method_callback(js_method);
        super::nunjucks::register(&mut env);
        env.add_filter("dump", dump);
        if cookiecutter {
            env.add_filter("jsonify", dump);
        }
        env.add_filter("parseRepoUrl", parse_repo_url);
        env.add_filter("projectSlug", project_slug);
        env.add_filter("parseEntityRef", parse_entity_ref);
        env.add_filter("pick", pick);
        Templater { env, cookiecutter }
    }

    /// Renders `text` with `context` (a JSON object).
    pub fn render(&self, text: &str, context: &Json) -> Result<String, ExprError> {
        Ok(self.env.render_str(text, mj(context))?)
    }

    /// Evaluates an expression (the inside of `${{ }}`) to JSON.
    pub fn eval(&self, expression: &str, context: &Json) -> Result<Json, ExprError> {
        let compiled = self.env.compile_expression(expression)?;
        let value = compiled.eval(mj(context))?;
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

/// How JavaScript turns a value into a string (`String(value)`), which is
/// how nunjucks prints it.
fn js_string(value: &Value) -> String {
    if value.is_undefined() || value.is_none() {
        return String::new();
    }
    if let Some(s) = value.as_str() {
        return s.to_string();
    }
    match to_json(value) {
        Json::Array(items) => items
            .iter()
            .map(|item| match item {
                Json::Null => String::new(),
                other => js_string(&mj(other)),
            })
            .collect::<Vec<_>>()
            .join(","),
        Json::Object(_) => "[object Object]".into(),
        Json::Number(n) => js_number(&n),
        Json::Bool(b) => b.to_string(),
        other => other.to_string(),
    }
}

/// Numbers as JavaScript prints them: `1.0` is `1`.
fn js_number(n: &serde_json::Number) -> String {
    match n.as_f64() {
        Some(f) if n.is_f64() && f.fract() == 0.0 && f.abs() < 1e21 => format!("{f:.0}"),
        _ => n.to_string(),
    }
}

/// `dump`: JSON.stringify.
fn dump(value: Value, indent: Option<Value>) -> Result<String, Error> {
    let json = to_json(&value);
    let spaces = indent.and_then(|i| i.as_usize()).unwrap_or(0);
    let text = if spaces > 0 {
        let pad = " ".repeat(spaces);
        let formatter = serde_json::ser::PrettyFormatter::with_indent(pad.as_bytes());
        let mut out = Vec::new();
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
        serde::Serialize::serialize(&json, &mut serializer)
            .map_err(|e| Error::new(ErrorKind::InvalidOperation, e.to_string()))?;
        String::from_utf8(out).unwrap_or_default()
    } else {
        serde_json::to_string(&json).unwrap_or_default()
    };
    Ok(text)
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

/// JavaScript methods templates call on strings and lists.
fn js_method(
    _state: &mut State,
    value: &Value,
    method: &str,
    args: &[Value],
) -> Result<Value, Error> {
    let arg = |i: usize| args.get(i).and_then(|v| v.as_str().map(str::to_string));
    let int_arg = |i: usize| args.get(i).and_then(|v| i64::try_from(v.clone()).ok());
    if let Some(s) = value.as_str() {
        let chars: Vec<char> = s.chars().collect();
        let len = chars.len() as i64;
        let index = |i: i64| {
            if i < 0 {
                (len + i).max(0) as usize
            } else {
                i.min(len) as usize
            }
        };
        return Ok(match method {
            "toUpperCase" | "toLocaleUpperCase" => Value::from(s.to_uppercase()),
            "toLowerCase" | "toLocaleLowerCase" => Value::from(s.to_lowercase()),
            "trim" => Value::from(s.trim()),
            "trimStart" => Value::from(s.trim_start()),
            "trimEnd" => Value::from(s.trim_end()),
            // JavaScript's `replace` with a string pattern replaces the first match only.
            "replace" => {
                Value::from(s.replacen(&arg(0).unwrap_or_default(), &arg(1).unwrap_or_default(), 1))
            }
            "replaceAll" => {
                Value::from(s.replace(&arg(0).unwrap_or_default(), &arg(1).unwrap_or_default()))
            }
            "split" => match arg(0) {
                Some(sep) if sep.is_empty() => {
                    mj(chars.iter().map(|c| c.to_string()).collect::<Vec<_>>())
                }
                Some(sep) => mj(s.split(sep.as_str()).collect::<Vec<_>>()),
                None => mj(vec![s]),
            },
            "startsWith" => Value::from(s.starts_with(&arg(0).unwrap_or_default())),
            "endsWith" => Value::from(s.ends_with(&arg(0).unwrap_or_default())),
            "includes" => Value::from(s.contains(&arg(0).unwrap_or_default())),
            "indexOf" => Value::from(
                s.find(&arg(0).unwrap_or_default())
                    .map_or(-1, |i| s[..i].chars().count() as i64),
            ),
            "slice" | "substring" => {
                let (mut from, mut to) = (
                    index(int_arg(0).unwrap_or(0)),
                    index(int_arg(1).unwrap_or(len)),
                );
                if method == "substring" && from > to {
                    std::mem::swap(&mut from, &mut to);
                }
                Value::from(if from < to {
                    chars[from..to].iter().collect::<String>()
                } else {
                    String::new()
                })
            }
            "charAt" => Value::from(
                chars
                    .get(index(int_arg(0).unwrap_or(0)))
                    .map(|c| c.to_string())
                    .unwrap_or_default(),
            ),
            "concat" => Value::from(format!(
                "{s}{}",
                args.iter().map(js_string).collect::<String>()
            )),
            "padStart" | "padEnd" => {
                let width = int_arg(0).unwrap_or(0).max(0) as usize;
                let fill = arg(1).unwrap_or_else(|| " ".into());
                let missing = width.saturating_sub(chars.len());
                let pad: String = fill.chars().cycle().take(missing).collect();
                Value::from(if method == "padStart" {
                    format!("{pad}{s}")
                } else {
                    format!("{s}{pad}")
                })
            }
            "repeat" => Value::from(s.repeat(int_arg(0).unwrap_or(0).max(0) as usize)),
            "toString" => Value::from(s),
            _ => {
                return Err(Error::new(
                    ErrorKind::UnknownMethod,
                    format!("strings have no method {method}()"),
                ));
            }
        });
    }
    if let Json::Array(items) = to_json(value) {
        return Ok(match method {
            "join" => Value::from(
                items
                    .iter()
                    .map(|i| js_string(&mj(i)))
                    .collect::<Vec<_>>()
                    .join(&arg(0).unwrap_or_else(|| ",".into())),
            ),
            "includes" => Value::from(args.first().is_some_and(|a| items.contains(&to_json(a)))),
            "indexOf" => Value::from(
                args.first()
                    .and_then(|a| items.iter().position(|i| *i == to_json(a)))
                    .map_or(-1, |i| i as i64),
            ),
            _ => {
                return Err(Error::new(
                    ErrorKind::UnknownMethod,
                    format!("lists have no method {method}()"),
                ));
            }
        });
    }
    Err(Error::new(
        ErrorKind::UnknownMethod,
        format!("no method {method}() here"),
    ))
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
