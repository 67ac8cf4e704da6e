//! nunjucks' built-in filters where they differ from minijinja's (or
//! minijinja has none), so that skeletons render byte for byte as
//! Backstage renders them. Each follows nunjucks' `filters.js`.

use std::sync::LazyLock;

use std::borrow::Cow;

use minijinja::value::{Kwargs, Rest, Value, ValueKind, ValueOrKwargs};
use minijinja::{Environment, Error, ErrorKind, State};
use regex::Regex;

use super::js::{self, Js};

pub fn register(env: &mut Environment<'static>) {
    env.add_filter("capitalize", capitalize);
    env.add_filter("center", center);
    env.add_filter("default", default);
    env.add_filter("d", default);
    env.add_filter("indent", indent);
    env.add_filter("join", join);
    env.add_filter("replace", replace);
    env.add_filter("string", string);
    env.add_filter("length", length);
    env.add_filter("nl2br", nl2br);
    env.add_filter("random", random);
    env.add_filter("round", round);
    env.add_filter("select", select);
    env.add_filter("reject", reject);
    env.add_filter("striptags", striptags);
    env.add_filter("title", title);
    env.add_filter("trim", trim);
    env.add_filter("truncate", truncate);
    env.add_filter("wordcount", wordcount);
    env.add_filter("int", int);
    env.add_filter("float", float);
    env.add_filter("forceescape", forceescape);
}

/// nunjucks' `normalize(value, default)`: null, undefined and false become the default.
fn text(value: &Value) -> String {
    if value.is_undefined()
        || value.is_none()
        || matches!(value.kind(), ValueKind::Bool) && !value.is_true()
    {
        return String::new();
    }
    js::to_string(value)
}

fn utf16_len(s: &str) -> usize {
    s.encode_utf16().count()
}

fn capitalize(value: Value) -> String {
    let lower = text(&value).to_lowercase();
    let mut chars = lower.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// JavaScript's `lib.repeat(' ', n)` with a fractional n repeats ceil(n) times.
fn spaces(n: f64) -> String {
    " ".repeat(n.max(0.0).ceil() as usize)
}

fn center(value: Value, width: Option<usize>) -> String {
    let s = text(&value);
    let width = width.unwrap_or(80);
    let len = utf16_len(&s);
    if len >= width {
        return s;
    }
    let gap = (width - len) as f64;
    format!("{}{s}{}", spaces(gap / 2.0 - gap % 2.0), spaces(gap / 2.0))
}

/// Only undefined is replaced, unless the third argument asks for any
/// falsy value (JavaScript's: an empty list is kept).
fn default(value: Value, fallback: Option<Value>, falsy: Option<bool>) -> Value {
    let fallback = fallback.unwrap_or(Value::UNDEFINED);
    if falsy.unwrap_or(false) {
        if js::truthy(&value) { value } else { fallback }
    } else if value.is_undefined() {
        fallback
    } else {
        value
    }
}

/// Every line but the first (unless `first`) gets `width` spaces, empty lines too.
fn indent(value: Value, width: Option<usize>, first: Option<bool>) -> String {
    let s = text(&value);
    if s.is_empty() {
        return s;
    }
    let pad = " ".repeat(width.unwrap_or(4));
    s.split('\n')
        .enumerate()
        .map(|(i, line)| {
            if i == 0 && !first.unwrap_or(false) {
                line.to_string()
            } else {
                format!("{pad}{line}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `arr.join(del)`: items as JavaScript prints them, null and undefined empty.
fn join(value: Value, separator: Option<Value>, attribute: Option<Value>) -> Result<String, Error> {
    if !matches!(value.kind(), ValueKind::Seq | ValueKind::Iterable) {
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            format!("join: {} is not a list", js::describe(&value)),
        ));
    }
    let separator = separator
        .filter(js::truthy)
        .map_or(String::new(), |s| js::to_string(&s));
    Ok(value
        .try_iter()?
        .map(|item| match attribute.as_ref().filter(|a| js::truthy(a)) {
            Some(attribute) => js::display(&js::member(&item, attribute)),
            None => js::display(&item),
        })
        .collect::<Vec<_>>()
        .join(&separator))
}

/// Every occurrence of `old` (a string or number), or the first
/// `max_count`; other values are left as they are.
fn replace(value: Value, old: Value, new: Value, max_count: Option<Value>) -> Result<Value, Error> {
    let is_text = |v: &Value| matches!(js::classify(v), Js::String(_) | Js::Number(_));
    if !is_text(&old) || !is_text(&value) {
        return Ok(value);
    }
    let (text, old, new) = (
        js::to_string(&value),
        js::to_string(&old),
        js::to_string(&new),
    );
    let max = max_count.map_or(-1.0, |m| js::to_number(&m));
    if old.is_empty() {
        // Python's behaviour, which nunjucks copies: "abc" -> ".a.b.c.".
        if (text.len() + 1) as f64 * new.len() as f64 > js::MAX_STRING {
            return Err(js::too_long());
        }
        let units: Vec<String> = text
            .encode_utf16()
            .map(|u| String::from_utf16_lossy(&[u]))
            .collect();
        return Ok(Value::from(format!("{new}{}{new}", units.join(&new))));
    }
    let mut out = String::new();
    let mut rest = text.as_str();
    let mut count = 0.0;
    while max == -1.0 || count < max {
        let Some(at) = rest.find(&old) else { break };
        if (out.len() + at + new.len()) as f64 > js::MAX_STRING {
            return Err(js::too_long());
        }
        out.push_str(&rest[..at]);
        out.push_str(&new);
        rest = &rest[at + old.len()..];
        count += 1.0;
    }
    out.push_str(rest);
    Ok(Value::from(out))
}

/// `String(value)`.
fn string(value: Value) -> String {
    js::to_string(&value)
}

fn length(value: Value) -> usize {
    if value.is_undefined() || value.is_none() {
        return 0;
    }
    if let Some(s) = value.as_str() {
        return utf16_len(s);
    }
    value.len().unwrap_or(0)
}

type Test<'a> = Option<Cow<'a, str>>;

fn select(s: &mut State, v: Value, t: Test, a: Rest<ValueOrKwargs>) -> Result<Vec<Value>, Error> {
    select_or_reject(true, s, v, t, a)
}

fn reject(s: &mut State, v: Value, t: Test, a: Rest<ValueOrKwargs>) -> Result<Vec<Value>, Error> {
    select_or_reject(false, s, v, t, a)
}

/// Without a test, nunjucks keeps the items whose JavaScript truth is
/// `keep` (empty lists and objects are true); a test is minijinja's.
fn select_or_reject(
    keep: bool,
    state: &mut State,
    value: Value,
    test: Test,
    args: Rest<ValueOrKwargs>,
) -> Result<Vec<Value>, Error> {
    match test {
        None => Ok(value
            .try_iter()
            .into_iter()
            .flatten()
            .filter(|item| js::truthy(item) == keep)
            .collect()),
        Some(_) if keep => minijinja::filters::select(state, value, test, args),
        Some(_) => minijinja::filters::reject(state, value, test, args),
    }
}

fn nl2br(value: Value) -> String {
    text(&value).replace("\r\n", "\n").replace('\n', "<br />\n")
}

/// One item at random (nunjucks uses Math.random; so does this, from the OS).
fn random(value: Value) -> Result<Value, Error> {
    let Some(len) = value.len().filter(|&n| n > 0) else {
        return Ok(Value::UNDEFINED);
    };
    let seed = std::collections::hash_map::RandomState::new();
    let pick = std::hash::BuildHasher::hash_one(&seed, len) as usize % len;
    value.get_item(&Value::from(pick))
}

/// Math.round (halves go up, -2.5 becomes -2), floor or ceil, at `precision` digits.
fn round(value: Value, precision: Option<i32>, method: Option<String>) -> Result<Value, Error> {
    let n = f64::try_from(value.clone()).map_err(|_| {
        Error::new(
            ErrorKind::InvalidOperation,
            format!("round: {value} is not a number"),
        )
    })?;
    let factor = 10f64.powi(precision.unwrap_or(0));
    let scaled = n * factor;
    let rounded = match method.as_deref() {
        Some("ceil") => scaled.ceil(),
        Some("floor") => scaled.floor(),
        _ => (scaled + 0.5).floor(),
    } / factor;
    Ok(if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
        Value::from(rounded as i64)
    } else {
        Value::from(rounded)
    })
}

static TAGS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)</?([a-z][a-z0-9]*)\b[^>]*>|<!--[\s\S]*?-->").expect("static regex")
});
static SPACE_RUNS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s+").expect("static regex"));
static LINE_EDGE_SPACES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^ +| +$").expect("static regex"));
static SPACES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r" +").expect("static regex"));
static BLANK_LINES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\n\n\n+").expect("static regex"));
static WORDS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9_]+").expect("static regex"));

fn striptags(value: Value, preserve_linebreaks: Option<bool>) -> String {
    let stripped = TAGS.replace_all(&text(&value), "").into_owned();
    let trimmed = js_trim(&stripped);
    if preserve_linebreaks.unwrap_or(false) {
        let s = LINE_EDGE_SPACES.replace_all(trimmed, "");
        let s = SPACES.replace_all(&s, " ");
        let s = s.replace("\r\n", "\n");
        BLANK_LINES.replace_all(&s, "\n\n").into_owned()
    } else {
        SPACE_RUNS.replace_all(trimmed, " ").into_owned()
    }
}

/// Words split on single spaces, each capitalised.
fn title(value: Value) -> String {
    text(&value)
        .split(' ')
        .map(|w| capitalize(Value::from(w)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn js_trim(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
}

fn trim(value: Value) -> String {
    js_trim(&text(&value)).to_string()
}

/// Cut at the last space before `length` (or at `length` with killwords), then `end`.
fn truncate(
    value: Value,
    length: Option<usize>,
    killwords: Option<bool>,
    end: Option<Value>,
) -> String {
    let s = text(&value);
    let length = length.filter(|&l| l > 0).unwrap_or(255);
    let units: Vec<u16> = s.encode_utf16().collect();
    if units.len() <= length {
        return s;
    }
    let cut = if killwords.unwrap_or(false) {
        length
    } else {
        // lastIndexOf(' ', length): the last space at or before `length`.
        (0..=length.min(units.len() - 1))
            .rev()
            .find(|&i| units[i] == u16::from(b' '))
            .unwrap_or(length)
    };
    let mut out = String::from_utf16_lossy(&units[..cut]);
    match end {
        Some(end) if !end.is_undefined() && !end.is_none() => out.push_str(&text(&end)),
        _ => out.push_str("..."),
    }
    out
}

fn wordcount(value: Value) -> Value {
    let count = WORDS.find_iter(&text(&value)).count();
    if count == 0 {
        Value::from(())
    } else {
        Value::from(count)
    }
}

/// parseInt(value, 10), or the default when that is NaN.
fn int(value: Value, fallback: Option<Value>) -> Value {
    let s = text(&value);
    let s = js_trim(&s);
    let digits: String = s
        .char_indices()
        .take_while(|(i, c)| c.is_ascii_digit() || (*i == 0 && (*c == '-' || *c == '+')))
        .map(|(_, c)| c)
        .collect();
    match digits.parse::<i64>() {
        Ok(n) => Value::from(n),
        Err(_) => fallback.unwrap_or(Value::from(())),
    }
}

/// parseFloat(value), or the default when that is NaN.
fn float(value: Value, fallback: Option<Value>) -> Value {
    let s = text(&value);
    let s = js_trim(&s);
    let end = (1..=s.len())
        .rev()
        .find(|&i| s.is_char_boundary(i) && s[..i].parse::<f64>().is_ok());
    match end.and_then(|i| s[..i].parse::<f64>().ok()) {
        Some(f) => Value::from(f),
        None => fallback.unwrap_or(Value::from(())),
    }
}

fn forceescape(value: Value, _kwargs: Kwargs) -> String {
    text(&value)
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(template: &str) -> String {
        let mut env = Environment::new();
        register(&mut env);
        env.render_str(template, ()).unwrap()
    }

    #[test]
    fn follow_nunjucks() {
        assert_eq!(
            render("{{ 'billing-api service' | title }}"),
            "Billing-api Service"
        );
        assert_eq!(
            render("{{ 'takes payments and refunds' | truncate(12) }}"),
            "takes..."
        );
        assert_eq!(
            render("{{ 'takes payments' | truncate(8, true, '!') }}"),
            "takes pa!"
        );
        assert_eq!(render("{{ 'a\n\nb' | indent(2) }}"), "a\n  \n  b");
        assert_eq!(
            render("{{ 2.5 | round }} {{ -2.5 | round }} {{ 1.234 | round(2) }}"),
            "3 -2 1.23"
        );
        assert_eq!(render("[{{ 'ab' | center(7) }}]"), "[  ab   ]");
        assert_eq!(render("{{ '<b>bold</b>  text' | striptags }}"), "bold text");
        assert_eq!(render("{{ 'one two, three' | wordcount }}"), "3");
        assert_eq!(
            render("{{ '42px' | int }} {{ 'x' | int(7) }} {{ '1.5e2x' | float }}"),
            "42 7 150.0"
        );
        assert_eq!(
            render(
                "{{ none | default('x') }}|{{ undefined_name | default('x') }}|{{ '' | default('y', true) }}"
            ),
            "None|x|y"
        );
        assert_eq!(render("{{ undefined_name | length }}"), "0");
    }
}
