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

    /// Whether a step's (or an output entry's) `if:` holds, as Backstage's
    /// workflow runner decides: `false` does not; a string is rendered (a
    /// single expression keeps its type) and holds when the result is
    /// true, an empty list counting as false (Backstage's `isTruthy`);
    /// anything else holds.
    pub fn condition(&self, condition: &Json, context: &Json) -> Result<bool, ExprError> {
        Ok(match condition {
            Json::Bool(holds) => *holds,
            Json::String(_) => truthy(&self.render_value(condition, context)?),
            _ => true,
        })
    }
}

/// Any serializable value as a minijinja value.
fn mj<T: serde::Serialize>(value: T) -> Value {
    Value::from(minijinja::value::Serde(value))
}

/// `${{ expression }}` and nothing else, not even white space around it
/// (Backstage then renders a string): the expression.
pub fn single_expression(text: &str) -> Option<&str> {
    let inner = text.strip_prefix("${{")?.strip_suffix("}}")?;
    (!inner.contains("${{") && !inner.contains("}}")).then_some(inner)
}

/// Backstage's `isTruthy`: JavaScript's truth, except that an empty list
/// is false.
fn truthy(value: &Json) -> bool {
    match value {
        Json::Null => false,
        Json::Bool(b) => *b,
        Json::Number(n) => n.as_f64().is_some_and(|f| f != 0.0 && !f.is_nan()),
        Json::String(s) => !s.is_empty(),
        Json::Array(items) => !items.is_empty(),
        Json::Object(_) => true,
    }
}

/// A value as JSON, as Backstage turns a single expression's value into
/// one (`JSON.parse` of its `dump`): JavaScript's key order, `NaN` and
/// `Infinity` null; undefined becomes null.
pub fn to_json(value: &Value) -> Json {
    js::stringify(value, "")
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or(Json::Null)
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
    path.split('.')
        .fold(object, |at, part| js::member(&at, &Value::from(part)))
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

    /// The checked cases of expression semantics: each was rendered by
    /// Backstage's renderer (../shared/tools/backstage-render) and by plat
    /// (scripts/expression-cases records both), and the README's table and
    /// fixtures/templates/javascript{,-errors} are made from the same file.
    fn checked_cases(category: &str) -> Vec<Json> {
        let doc: Json =
            serde_json::from_str(include_str!("../../fixtures/expressions/cases.json")).unwrap();
        let context = json!({ "values": doc["values"] });
        let found = doc["categories"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["name"] == category)
            .unwrap_or_else(|| panic!("no category {category} in cases.json"));
        let cases = found["cases"].as_array().unwrap().clone();
        assert!(!cases.is_empty(), "{category} has no cases");
        cases
            .into_iter()
            .map(|case| json!({ "case": case, "context": context }))
            .collect()
    }

    /// What plat gives for a case: its output, or `line:column: message`.
    fn plat_result(case: &Json) -> Result<String, String> {
        let template = case["case"]["template"].as_str().unwrap();
        Templater::backstage()
            .render(template, &case["context"])
            .map_err(|e| {
                let (line, column) = e.position.expect("a failure names its position");
                format!("{line}:{column}: {}", e.message)
            })
    }

    /// Each case of the category renders what Backstage renders, or fails
    /// where Backstage fails, with the position and message recorded.
    fn agrees_with_backstage(category: &str) {
        for case in checked_cases(category) {
            let recorded = &case["case"];
            let expected = match recorded.get("backstage_error") {
                None => Ok(recorded["backstage"].as_str().unwrap().to_string()),
                Some(_) => Err(recorded["plat_error"].as_str().unwrap().to_string()),
            };
            assert_eq!(plat_result(&case), expected, "{}", recorded["template"]);
        }
    }

    #[test]
    fn loops_walk_objects_and_pairs_as_nunjucks_does() {
        agrees_with_backstage("loops");
    }

    #[test]
    fn javascript_properties_and_methods() {
        agrees_with_backstage("properties");
    }

    #[test]
    fn undefined_in_the_middle_of_a_chain() {
        agrees_with_backstage("undefined");
    }

    #[test]
    fn empty_lists_and_objects_are_true() {
        agrees_with_backstage("truthiness");
    }

    #[test]
    fn equality_and_comparison_are_javascripts() {
        agrees_with_backstage("equality");
    }

    #[test]
    fn in_searches_objects_strings_and_lists() {
        agrees_with_backstage("in");
    }

    #[test]
    fn numbers_print_as_javascript_prints_them() {
        agrees_with_backstage("numbers");
    }

    #[test]
    fn division_and_remainders_are_javascripts() {
        agrees_with_backstage("division");
    }

    #[test]
    fn plus_and_tilde_concatenate_as_javascript_does() {
        agrees_with_backstage("concatenation");
    }

    #[test]
    fn arithmetic_converts_as_javascript_does() {
        agrees_with_backstage("arithmetic");
    }

    #[test]
    fn operators_bind_as_nunjucks_javascript_binds_them() {
        agrees_with_backstage("precedence");
    }

    #[test]
    fn nunjucks_syntax() {
        agrees_with_backstage("syntax");
    }

    #[test]
    fn filters_print_values_as_javascript_does() {
        agrees_with_backstage("filters");
    }

    /// The differences the README names stay as it describes them.
    #[test]
    fn differences_from_backstage_are_the_listed_ones() {
        for case in checked_cases("differs") {
            let recorded = &case["case"];
            let expected = match recorded.get("plat_error") {
                None => Ok(recorded["plat"].as_str().unwrap().to_string()),
                Some(e) => Err(e.as_str().unwrap().to_string()),
            };
            assert_eq!(plat_result(&case), expected, "{}", recorded["template"]);
        }
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

    #[test]
    fn failures_name_the_line_and_column() {
        let error = Templater::backstage()
            .render(
                "a\n  b ${{ 'x' in values.n }}\n",
                &json!({"values": {"n": 3, "name": "billing-api"}}),
            )
            .unwrap_err();
        assert_eq!(error.position, Some((2, 9)), "{error}");
        let error = Templater::backstage()
            .render("line\n{% for x in y %}\n{% if %}", &json!({}))
            .unwrap_err();
        assert!(error.message.contains("syntax error"), "{error}");
        assert_eq!(error.position.map(|(line, _)| line), Some(3), "{error}");
        let error = Templater::backstage()
            .render(
                "${{ values.name.replace(r/-/g, '_') }}",
                &json!({"values": {"n": 3, "name": "billing-api"}}),
            )
            .unwrap_err();
        assert!(error.message.contains("regular expressions"), "{error}");
        assert_eq!(error.position, Some((1, 25)), "{error}");
    }

    #[test]
    fn conditions_hold_as_backstage_decides() {
        let t = Templater::backstage();
        let ctx = json!({"parameters": {"none": [], "some": ["a"], "off": false, "word": "false", "zero": 0, "empty": {}}});
        for (condition, holds) in [
            (json!(false), false),
            (json!(true), true),
            (json!(0), true),
            (json!("${{ parameters.none }}"), false),
            (json!("${{ parameters.some }}"), true),
            (json!("${{ parameters.off }}"), false),
            (json!("${{ parameters.word }}"), true),
            (json!("false"), true),
            (json!("${{ parameters.zero }}"), false),
            (json!("${{ parameters.empty }}"), true),
            (json!("${{ parameters.missing }}"), false),
            (json!(""), false),
            (json!("${{ parameters.none.length > 0 }}"), false),
        ] {
            assert_eq!(t.condition(&condition, &ctx), Ok(holds), "{condition}");
        }
    }

    #[test]
    fn a_single_expression_is_json_as_backstage_makes_it() {
        let t = Templater::backstage();
        let ctx = json!({"parameters": {"n": 3, "meta": {"b": 1, "2": 2}}});
        assert_eq!(
            t.render_value(&json!("${{ parameters.n / 0 }}"), &ctx),
            Ok(Json::Null)
        );
        assert_eq!(
            t.render_value(&json!("${{ parameters.meta }}"), &ctx)
                .map(|v| v.to_string()),
            Ok(r#"{"2":2,"b":1}"#.to_string())
        );
        assert_eq!(
            t.render_value(&json!("${{ parameters.n * 1.5 }}"), &ctx),
            Ok(json!(4.5))
        );
        // White space around it makes it a string, as in Backstage.
        assert_eq!(
            t.render_value(&json!("${{ parameters.n }}\n"), &ctx),
            Ok(json!("3\n"))
        );
    }
}
