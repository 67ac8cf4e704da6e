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

    /// The values the cases below render with. The README's table of
    /// expression semantics lists these cases; each was checked against
    /// Backstage's renderer (../shared/tools/backstage-render), and
    /// fixtures/templates/javascript holds them for scripts/render-parity.
    fn case_values() -> Json {
        json!({"values": {
            "name": "billing-api", "meta": {"z": 1, "a": "two"},
            "numbered": {"b": "B", "2": "two", "1": "one"},
            "nested": {"db": {"host": "db.internal", "port": 5432}},
            "empty_obj": {}, "empty_list": [], "list": ["a", "b", "c"],
            "pairs": [[1, 2], [3, 4]], "ragged": [[1], [2, 3, 4], "xy"],
            "n": 3, "f": 1.5, "one": 1.0, "zero": 0, "str_num": "1", "t": true, "fl": false,
            "nul": null, "emoji": "a😀b", "spaces": "  pad  ", "big": 12345678901234567890u64
        }})
    }

    /// Each template renders to what Backstage renders.
    fn renders(cases: &[(&str, &str)]) {
        let t = Templater::backstage();
        for (template, expected) in cases {
            assert_eq!(
                t.render(template, &case_values()).as_deref(),
                Ok(*expected),
                "{template}"
            );
        }
    }

    /// Each template fails, as in Backstage, with the message and where.
    fn fails(cases: &[(&str, &str, (usize, usize))]) {
        let t = Templater::backstage();
        for (template, message, position) in cases {
            let error = t.render(template, &case_values()).unwrap_err();
            assert!(error.message.contains(message), "{template}: {error}");
            assert_eq!(error.position, Some(*position), "{template}: {error}");
        }
    }

    #[test]
    fn loops_walk_objects_and_pairs_as_nunjucks_does() {
        renders(&[
            (
                r#"{% for key, val in values.meta %}${{ key }}=${{ val }};{% endfor %}"#,
                r#"z=1;a=two;"#,
            ),
            (
                r#"{% for k, v in values.meta %}${{ loop.index }},${{ loop.index0 }},${{ loop.first }},${{ loop.last }},${{ loop.length }},${{ loop.revindex }},${{ loop.revindex0 }};{% endfor %}"#,
                r#"1,0,true,false,2,2,1;2,1,false,true,2,1,0;"#,
            ),
            (
                r#"{% for k, v in values.numbered %}${{ k }};{% endfor %}"#,
                r#"1;2;b;"#,
            ),
            (
                r#"{% for k, v in values.nested %}{% for k2, v2 in v %}${{ k }}.${{ k2 }}=${{ v2 }};{% endfor %}{% endfor %}"#,
                r#"db.host=db.internal;db.port=5432;"#,
            ),
            (
                r#"{% for k, v in values.empty_obj %}${{ k }}{% else %}empty{% endfor %}"#,
                r#"empty"#,
            ),
            (
                r#"{% for x in values.meta %}${{ x }}{% else %}no items{% endfor %}"#,
                r#"no items"#,
            ),
            (
                r#"{% for k, v in values.missing %}${{ k }}{% else %}empty{% endfor %}"#,
                r#"empty"#,
            ),
            (
                r#"{% for x in values.empty_list %}${{ x }}{% else %}empty{% endfor %}"#,
                r#"empty"#,
            ),
            (r#"{% for c in "abc" %}${{ c }}.{% endfor %}"#, r#"a.b.c."#),
            (
                r#"{% for i, c in "ab" %}${{ i }}:${{ c }};{% endfor %}"#,
                r#"0:a;1:b;"#,
            ),
            (
                r#"{% for x in values.n %}${{ x }}{% else %}no items{% endfor %}"#,
                r#"no items"#,
            ),
            (
                r#"{% for a, b in [[1, 2], [3, 4]] %}${{ a }}+${{ b }};{% endfor %}"#,
                r#"1+2;3+4;"#,
            ),
            (
                r#"{% for a, b in values.ragged %}${{ a }}+${{ b }};{% endfor %}"#,
                r#"1+;2+3;x+y;"#,
            ),
            (
                r#"{% for a, b, c in values.meta %}${{ a }}/${{ b }}/${{ c }};{% endfor %}"#,
                r#"z/1/;a/two/;"#,
            ),
            (
                r#"{% for x in values.list %}[${{ loop.depth }}]{% endfor %}"#,
                r#"[][][]"#,
            ),
            (
                r#"{% for x in values.list if x != "b" %}${{ x }}{% endfor %}"#,
                r#"abc"#,
            ),
        ]);
        fails(&[
            (
                r#"{% for a, b in [null] %}${{ a }}{% endfor %}"#,
                r#"Cannot read properties of null"#,
                (1, 16),
            ),
            (
                r#"{% for x in values.list %}${{ loop.cycle("odd", "even") }}{% endfor %}"#,
                r#"Unable to call `loop.cycle`"#,
                (1, 31),
            ),
        ]);
    }

    #[test]
    fn javascript_properties_and_methods() {
        renders(&[
            (r#"${{ values.name.length }}"#, r#"11"#),
            (r#"${{ values.list.length }}"#, r#"3"#),
            (r#"${{ values.emoji.length }}"#, r#"4"#),
            (r#"[${{ values.meta.length }}]"#, r#"[]"#),
            (r#"[${{ values.n.length }}]"#, r#"[]"#),
            (r#"${{ values.name[0] }}"#, r#"b"#),
            (r#"[${{ values.list[-1] }}]"#, r#"[]"#),
            (r#"${{ values.list["1"] }}"#, r#"b"#),
            (r#"${{ values.numbered[1] }}"#, r#"one"#),
            (r#"${{ values.name.toUpperCase() }}"#, r#"BILLING-API"#),
            (r#"${{ "ÄbC".toLowerCase() }}"#, r#"äbc"#),
            (r#"${{ values.name.includes("api") }}"#, r#"true"#),
            (r#"${{ values.list.includes("b") }}"#, r#"true"#),
            (r#"${{ values.list.join("-") }}"#, r#"a-b-c"#),
            (r#"${{ values.list.join() }}"#, r#"a,b,c"#),
            (r#"${{ values.name.slice(0, 3) }}"#, r#"bil"#),
            (r#"${{ values.name.slice(-3) }}"#, r#"api"#),
            (r#"${{ values.list.slice(1) }}"#, r#"b,c"#),
            (r#"${{ values.emoji.slice(3) }}"#, r#"b"#),
            (r#"${{ values.name.indexOf("api") }}"#, r#"8"#),
            (r#"${{ values.list.indexOf("z") }}"#, r#"-1"#),
            (r#"${{ values.f.toFixed(2) }}"#, r#"1.50"#),
            (r#"${{ (2.345).toFixed(2) }}"#, r#"2.35"#),
            (r#"${{ (1.005).toFixed(2) }}"#, r#"1.00"#),
            (r#"${{ (2.5).toFixed(0) }}"#, r#"3"#),
            (r#"${{ (-1.5).toFixed(0) }}"#, r#"-2"#),
            (r#"${{ values.name.startsWith("bill") }}"#, r#"true"#),
            (r#"${{ values.name.endsWith("api") }}"#, r#"true"#),
            (r#"${{ values.name.split("-") }}"#, r#"billing,api"#),
            (r#"${{ "a,b,,c".split(",", 2) }}"#, r#"a,b"#),
            (r#"${{ values.name.replace("i", "I") }}"#, r#"bIlling-api"#),
            (
                r#"${{ values.name.replaceAll("i", "I") }}"#,
                r#"bIllIng-apI"#,
            ),
            (r#"${{ "a-b".replace("-", "[$&]") }}"#, r#"a[-]b"#),
            (r#"[${{ values.spaces.trim() }}]"#, r#"[pad]"#),
            (r#"[${{ values.spaces.trimEnd() }}]"#, r#"[  pad]"#),
            (r#"${{ values.name.concat("-", 1) }}"#, r#"billing-api-1"#),
            (r#"${{ values.list.concat(["d"], "e") }}"#, r#"a,b,c,d,e"#),
            (r#"${{ "5".padStart(3, "0") }}"#, r#"005"#),
            (r#"${{ "5".padEnd(3, "ab") }}"#, r#"5ab"#),
            (r#"${{ values.name.charAt(0) }}"#, r#"b"#),
            (r#"${{ values.name.charCodeAt(0) }}"#, r#"98"#),
            (r#"${{ values.name.substring(4, 1) }}"#, r#"ill"#),
            (r#"${{ values.name.substr(1, 3) }}"#, r#"ill"#),
            (r#"${{ values.n.toString() }}"#, r#"3"#),
            (r#"${{ (255).toString(16) }}"#, r#"ff"#),
            (r#"${{ values.list.toString() }}"#, r#"a,b,c"#),
            (r#"${{ values.meta.toString() }}"#, r#"[object Object]"#),
            (r#"${{ values.n.toPrecision(3) }}"#, r#"3.00"#),
            (r#"${{ values.f.toExponential(2) }}"#, r#"1.50e+0"#),
            (r#"${{ values.list.at(-1) }}"#, r#"c"#),
            (
                r#"${{ values.name.repeat(2) }}"#,
                r#"billing-apibilling-api"#,
            ),
            (r#"${{ values.meta.hasOwnProperty("a") }}"#, r#"true"#),
            (
                r#"${{ values.name.toUpperCase().split("-").join("_") }}"#,
                r#"BILLING_API"#,
            ),
        ]);
        fails(&[
            (
                r#"${{ values.name.foo() }}"#,
                r#"Unable to call `values.name.foo`"#,
                (1, 5),
            ),
            (
                r#"${{ values.name.length() }}"#,
                r#"Unable to call `values.name.length`"#,
                (1, 5),
            ),
            (
                r#"${{ values.n.toFixed(101) }}"#,
                r#"RangeError: toFixed() digits argument must be between 0 and 100"#,
                (1, 5),
            ),
            (
                r#"${{ "a".repeat(-1) }}"#,
                r#"RangeError: Invalid count value: -1"#,
                (1, 5),
            ),
        ]);
    }

    #[test]
    fn undefined_in_the_middle_of_a_chain() {
        renders(&[
            (r#"[${{ values.a.b.c }}]"#, r#"[]"#),
            (r#"[${{ values.nul.x.y }}]"#, r#"[]"#),
            (r#"[${{ values.a["b"].c }}]"#, r#"[]"#),
        ]);
        fails(&[
            (
                r#"${{ values.a.b.c() }}"#,
                r#"Unable to call `values.a.b.c`"#,
                (1, 5),
            ),
            (
                r#"${{ values.missing.toUpperCase() }}"#,
                r#"Unable to call `values.missing.toUpperCase`"#,
                (1, 5),
            ),
            (
                r#"${{ values.nul.trim() }}"#,
                r#"Unable to call `values.nul.trim`"#,
                (1, 5),
            ),
            (
                r#"${{ nothing() }}"#,
                r#"unknown function: nothing is unknown"#,
                (1, 5),
            ),
        ]);
    }

    #[test]
    fn empty_lists_and_objects_are_true() {
        renders(&[
            (
                r#"{% if values.empty_list %}T{% else %}F{% endif %}"#,
                r#"T"#,
            ),
            (
                r#"{% if values.empty_obj %}T{% else %}F{% endif %}"#,
                r#"T"#,
            ),
            (r#"{% if [] %}T{% else %}F{% endif %}"#, r#"T"#),
            (r#"{% if "0" %}T{% else %}F{% endif %}"#, r#"T"#),
            (r#"{% if values.zero %}T{% else %}F{% endif %}"#, r#"F"#),
            (r#"${{ not values.empty_list }}"#, r#"false"#),
            (r#"[${{ values.empty_list and "yes" }}]"#, r#"[yes]"#),
            (r#"[${{ values.empty_list or "no" }}]"#, r#"[]"#),
            (r#"[${{ values.zero or "zero" }}]"#, r#"[zero]"#),
            (r#"[${{ values.name and values.n }}]"#, r#"[3]"#),
            (r#"${{ "T" if values.empty_obj else "F" }}"#, r#"T"#),
            (r#"[${{ "T" if values.zero }}]"#, r#"[]"#),
            (
                r#"[${{ values.empty_list | default("d", true) }}]"#,
                r#"[]"#,
            ),
            (
                r#"${{ [0, 1, "", "a", [], {}] | select | length }}"#,
                r#"4"#,
            ),
        ]);
    }

    #[test]
    fn equality_and_comparison_are_javascripts() {
        renders(&[
            (r#"${{ 1 == "1" }}"#, r#"true"#),
            (r#"${{ values.n == "3" }}"#, r#"true"#),
            (r#"${{ values.str_num == 1 }}"#, r#"true"#),
            (r#"${{ 0 == "" }}"#, r#"true"#),
            (r#"${{ "1" == true }}"#, r#"true"#),
            (r#"${{ values.one == 1 }}"#, r#"true"#),
            (r#"${{ values.nul == values.missing }}"#, r#"true"#),
            (r#"${{ values.nul == 0 }}"#, r#"false"#),
            (r#"${{ values.list == "a,b,c" }}"#, r#"true"#),
            (r#"${{ values.list == values.list }}"#, r#"true"#),
            (r#"${{ [1] == [1] }}"#, r#"false"#),
            (r#"${{ values.meta == {"z": 1, "a": "two"} }}"#, r#"false"#),
            (r#"${{ 1 != "1" }}"#, r#"false"#),
            (r#"${{ 1 === "1" }}"#, r#"false"#),
            (r#"${{ values.one === 1 }}"#, r#"true"#),
            (r#"${{ 1 !== "1" }}"#, r#"true"#),
            (r#"${{ values.nul === values.missing }}"#, r#"false"#),
            (r#"${{ "10" < "9" }}"#, r#"true"#),
            (r#"${{ 10 < "9" }}"#, r#"false"#),
            (r#"${{ "B" < "a" }}"#, r#"true"#),
            (r#"${{ values.missing < 1 }}"#, r#"false"#),
            (r#"${{ values.nul < 1 }}"#, r#"true"#),
        ]);
    }

    #[test]
    fn in_searches_objects_strings_and_lists() {
        renders(&[
            (r#"${{ "a" in values.meta }}"#, r#"true"#),
            (r#"${{ 1 in values.numbered }}"#, r#"true"#),
            (r#"${{ "toString" in values.meta }}"#, r#"true"#),
            (r#"${{ "bill" in values.name }}"#, r#"true"#),
            (r#"${{ "b" in values.list }}"#, r#"true"#),
            (r#"${{ "3" in [3] }}"#, r#"false"#),
            (r#"${{ "x" not in values.list }}"#, r#"true"#),
        ]);
        fails(&[
            (
                r#"${{ "a" in values.n }}"#,
                r#"Cannot use "in" operator to search for "a" in a number"#,
                (1, 5),
            ),
            (
                r#"${{ "a" in values.missing }}"#,
                r#"Cannot use "in" operator to search for "a" in an undefined value"#,
                (1, 5),
            ),
        ]);
    }

    #[test]
    fn numbers_print_as_javascript_prints_them() {
        renders(&[
            (r#"${{ values.one }}"#, r#"1"#),
            (r#"${{ 1.0 }}"#, r#"1"#),
            (r#"${{ 0.1 + 0.2 }}"#, r#"0.30000000000000004"#),
            (r#"${{ values.big }}"#, r#"12345678901234567000"#),
            (r#"${{ 1000000000000000000000 * 10 }}"#, r#"1e+22"#),
            (r#"${{ 0.0000001 }}"#, r#"1e-7"#),
            (r#"${{ -0 }}"#, r#"0"#),
            (r#"${{ 0 * -1 }}"#, r#"0"#),
            (r#"${{ 2 ** 53 + 1 }}"#, r#"9007199254740992"#),
            (r#"${{ [1.0, 2.5] }}"#, r#"1,2.5"#),
            (r#"${{ [1.0, 2.5] | dump }}"#, r#"[1,2.5]"#),
            (
                r#"${{ values.numbered | dump }}"#,
                r#"{"1":"one","2":"two","b":"B"}"#,
            ),
        ]);
    }

    #[test]
    fn division_and_remainders_are_javascripts() {
        renders(&[
            (r#"${{ 7 / 2 }}"#, r#"3.5"#),
            (r#"${{ 6 / 3 }}"#, r#"2"#),
            (r#"${{ 1 / 3 }}"#, r#"0.3333333333333333"#),
            (r#"${{ 1 / 0 }}"#, r#"Infinity"#),
            (r#"${{ 0 / 0 }}"#, r#"NaN"#),
            (r#"${{ 7 // 2 }}"#, r#"3"#),
            (r#"${{ -7 // 2 }}"#, r#"-4"#),
            (r#"${{ -7 % 3 }}"#, r#"-1"#),
            (r#"${{ 5.5 % 2 }}"#, r#"1.5"#),
            (r#"${{ 7 % 0 }}"#, r#"NaN"#),
            (r#"${{ 2 ** -1 }}"#, r#"0.5"#),
        ]);
    }

    #[test]
    fn plus_and_tilde_concatenate_as_javascript_does() {
        renders(&[
            (r#"${{ "a" + 1 }}"#, r#"a1"#),
            (r#"${{ 1 + 2 + "a" }}"#, r#"3a"#),
            (r#"${{ "a" + 1 + 2 }}"#, r#"a12"#),
            (r#"${{ values.missing + "x" }}"#, r#"undefinedx"#),
            (r#"${{ values.nul + "x" }}"#, r#"nullx"#),
            (r#"${{ values.list + "x" }}"#, r#"a,b,cx"#),
            (r#"${{ values.meta + "x" }}"#, r#"[object Object]x"#),
            (r#"${{ "a" ~ 1 }}"#, r#"a1"#),
            (r#"${{ values.missing ~ "x" }}"#, r#"undefinedx"#),
            (r#"${{ values.list ~ "x" }}"#, r#"a,b,cx"#),
            (r#"${{ values.one ~ "" }}"#, r#"1"#),
            (r#"${{ "v" ~ values.n + 1 }}"#, r#"v31"#),
            (r#"${{ "v" ~ (values.n + 1) }}"#, r#"v4"#),
            (r#"${{ 1 + 2 ~ "x" }}"#, r#"3x"#),
        ]);
    }

    #[test]
    fn arithmetic_converts_as_javascript_does() {
        renders(&[
            (r#"${{ values.str_num + 1 }}"#, r#"11"#),
            (r#"${{ values.str_num - 1 }}"#, r#"0"#),
            (r#"${{ values.str_num * 2 }}"#, r#"2"#),
            (r#"${{ "a" * 3 }}"#, r#"NaN"#),
            (r#"${{ values.missing + 1 }}"#, r#"NaN"#),
            (r#"${{ values.nul + 1 }}"#, r#"1"#),
            (r#"${{ values.t + 1 }}"#, r#"2"#),
            (r#"${{ -values.str_num }}"#, r#"-1"#),
            (r#"${{ [2] * 2 }}"#, r#"4"#),
        ]);
    }

    #[test]
    fn operators_bind_as_nunjucks_javascript_binds_them() {
        renders(&[
            (r#"${{ not values.name == "x" }}"#, r#"false"#),
            (r#"${{ not (values.name == "x") }}"#, r#"true"#),
            (r#"${{ 1 < 2 == true }}"#, r#"true"#),
            (r#"${{ values.zero or values.n and "x" }}"#, r#"x"#),
            (r#"${{ - 2 | abs }}"#, r#"2"#),
        ]);
    }

    #[test]
    fn nunjucks_syntax() {
        renders(&[
            (r#"[${{ null }}]"#, r#"[]"#),
            (r#"[${{ True }}]"#, r#"[]"#),
            (r#"{% if false %}a{% elseif true %}b{% endif %}"#, r#"b"#),
            (
                r#"{% verbatim %}${{ kept }}{% endverbatim %}"#,
                r#"${{ kept }}"#,
            ),
            (r#"${{ (1, 2) }}"#, r#"2"#),
            (r#"{% set a, b = "x" %}${{ a }}-${{ b }}"#, r#"x-x"#),
        ]);
        fails(&[
            (r#"${{ values.list[1:2] }}"#, r#"nunjucks"#, (1, 11)),
            (
                r#"{% with x = 1 %}${{ x }}{% endwith %}"#,
                r#"unknown block tag: with"#,
                (1, 4),
            ),
            (
                r#"{% for x in values.list %}{% break %}{% endfor %}"#,
                r#"unknown block tag: break"#,
                (1, 30),
            ),
        ]);
    }

    #[test]
    fn filters_print_values_as_javascript_does() {
        renders(&[
            (
                r#"${{ [1.0, null, [1, 2], "a"] | join("-") }}"#,
                r#"1--1,2-a"#,
            ),
            (r#"${{ values.list | batch(2) | join(";") }}"#, r#"a,b;c"#),
            (
                r#"${{ values.meta | dictsort | join(";") }}"#,
                r#"a,two;z,1"#,
            ),
            (r#"${{ values.one | string }}"#, r#"1"#),
            (
                r#"${{ values.name | replace("i", 1.0) }}"#,
                r#"b1ll1ng-ap1"#,
            ),
            (
                r#"${{ values.name | replace("i", "I", 2) }}"#,
                r#"bIllIng-api"#,
            ),
            (r#"${{ values.n | replace(3, "three") }}"#, r#"three"#),
            (r#"${{ "ab" | replace("", "-") }}"#, r#"-a-b-"#),
        ]);
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
            .render("a\n  b ${{ 'x' in values.n }}\n", &case_values())
            .unwrap_err();
        assert_eq!(error.position, Some((2, 9)), "{error}");
        let error = Templater::backstage()
            .render("line\n{% for x in y %}\n{% if %}", &json!({}))
            .unwrap_err();
        assert!(error.message.contains("syntax error"), "{error}");
        assert_eq!(error.position.map(|(line, _)| line), Some(3), "{error}");
        let error = Templater::backstage()
            .render("${{ values.name.replace(r/-/g, '_') }}", &case_values())
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
