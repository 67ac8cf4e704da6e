//! JavaScript's semantics for template values. Backstage's renderer,
//! nunjucks, compiles templates to JavaScript: its operators are
//! JavaScript's (`==` is loose, `+` concatenates when either side is a
//! string, empty lists are true), `a.b` is a JavaScript property lookup
//! (`name.length`), and `for k, v in object` walks the object's keys. plat
//! evaluates templates with minijinja; [`super::compile`] turns every such
//! operation into a call of one of these functions.

use std::cmp::Ordering;
use std::sync::Arc;

use minijinja::value::{Enumerator, Object, ObjectRepr, ValueKind};
use minijinja::{Error, ErrorKind, Value};

/// The longest string (in UTF-16 units) a method or filter may make.
/// JavaScript's limit is 2^29; plat's is lower, so that a template
/// cannot exhaust memory (past it, the error is JavaScript's).
pub const MAX_STRING: f64 = 16_777_216.0;

/// JavaScript's error for a string over [`MAX_STRING`].
pub fn too_long() -> Error {
    Error::new(
        ErrorKind::InvalidOperation,
        format!(
            "RangeError: Invalid string length (plat makes strings of up to {MAX_STRING} characters)"
        ),
    )
}

/// A template value as JavaScript sees it.
pub enum Js<'v> {
    Undefined,
    Null,
    Bool(bool),
    Number(f64),
    String(&'v str),
    /// A list (a JavaScript array).
    Array,
    /// A mapping (a plain JavaScript object).
    Object,
    /// Anything else minijinja has (macros, `loop`): left to minijinja.
    Other,
}

pub fn classify(value: &Value) -> Js<'_> {
    match value.kind() {
        ValueKind::Undefined => Js::Undefined,
        ValueKind::None => Js::Null,
        ValueKind::Bool => Js::Bool(value.is_true()),
        ValueKind::Number => Js::Number(number_of(value)),
        ValueKind::String => Js::String(value.as_str().unwrap_or_default()),
        ValueKind::Seq | ValueKind::Iterable => Js::Array,
        ValueKind::Map => Js::Object,
        _ if value.downcast_object_ref::<NotANumber>().is_some() => Js::Number(f64::NAN),
        _ => Js::Other,
    }
}

fn number_of(value: &Value) -> f64 {
    if let Some(i) = value.as_i64() {
        return i as f64;
    }
    f64::try_from(value.clone()).unwrap_or(f64::NAN)
}

/// A number as a template value: integers stay integers (so they index
/// lists and count loops), `-0` and fractions are floats.
pub fn number(f: f64) -> Value {
    if f.fract() == 0.0 && f.abs() < 9_007_199_254_740_992.0 && !(f == 0.0 && f.is_sign_negative())
    {
        Value::from(f as i64)
    } else {
        Value::from(f)
    }
}

/// `Boolean(value)`: empty lists and objects are true, `NaN` is false.
pub fn truthy(value: &Value) -> bool {
    match classify(value) {
        Js::Undefined | Js::Null => false,
        Js::Bool(b) => b,
        Js::Number(f) => f != 0.0 && !f.is_nan(),
        Js::String(s) => !s.is_empty(),
        Js::Array | Js::Object | Js::Other => true,
    }
}

/// The left side of `and`/`or` as a value whose minijinja truth is its
/// JavaScript truth (minijinja decides the jump, JavaScript the result).
pub fn keep_truth(value: Value) -> Value {
    if value.is_true() == truthy(&value) {
        return value;
    }
    match classify(&value) {
        Js::Array => Value::from_object(Empty(ObjectRepr::Seq)),
        Js::Object => Value::from_object(Empty(ObjectRepr::Map)),
        Js::Number(_) => Value::from_object(NotANumber),
        _ => value,
    }
}

/// An empty list or object that is true, as in JavaScript.
#[derive(Debug)]
struct Empty(ObjectRepr);

impl Object for Empty {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        self.0
    }
    fn enumerate(self: &Arc<Self>) -> Enumerator {
        Enumerator::Empty
    }
    fn is_true(self: &Arc<Self>) -> bool {
        true
    }
}

/// `NaN`, which is false (minijinja holds a float NaN true).
#[derive(Debug)]
pub struct NotANumber;

impl Object for NotANumber {
    fn is_true(self: &Arc<Self>) -> bool {
        false
    }
    fn render(self: &Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NaN")
    }
}

/// `String(value)`.
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    write_string(value, &mut out);
    out
}

fn write_string(value: &Value, out: &mut String) {
    match classify(value) {
        Js::Undefined => out.push_str("undefined"),
        Js::Null => out.push_str("null"),
        Js::Bool(b) => out.push_str(if b { "true" } else { "false" }),
        Js::Number(f) => out.push_str(&number_to_string(f)),
        Js::String(s) => out.push_str(s),
        // Array.prototype.join(","): null and undefined items are empty.
        Js::Array => {
            for (i, item) in value.try_iter().into_iter().flatten().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                if !item.is_undefined() && !item.is_none() {
                    write_string(&item, out);
                }
            }
        }
        Js::Object => out.push_str("[object Object]"),
        Js::Other => out.push_str(&value.to_string()),
    }
}

/// What nunjucks prints for `${{ value }}`: null and undefined print nothing.
pub fn display(value: &Value) -> String {
    if value.is_undefined() || value.is_none() {
        String::new()
    } else if let Some(s) = value.as_str() {
        s.to_string()
    } else {
        to_string(value)
    }
}

/// `Number(value)`.
pub fn to_number(value: &Value) -> f64 {
    match classify(value) {
        Js::Undefined => f64::NAN,
        Js::Null => 0.0,
        Js::Bool(b) => f64::from(u8::from(b)),
        Js::Number(f) => f,
        Js::String(s) => string_to_number(s),
        Js::Array | Js::Object | Js::Other => string_to_number(&to_string(value)),
    }
}

/// JavaScript's white space and line terminators, which `Number()` and
/// `trim()` ignore.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{feff}'
}

fn string_to_number(s: &str) -> f64 {
    let s = s.trim_matches(is_space);
    if s.is_empty() {
        return 0.0;
    }
    for (prefix, radix) in [
        ("0x", 16),
        ("0X", 16),
        ("0o", 8),
        ("0O", 8),
        ("0b", 2),
        ("0B", 2),
    ] {
        if let Some(digits) = s.strip_prefix(prefix) {
            return u128::from_str_radix(digits, radix).map_or(f64::NAN, |n| n as f64);
        }
    }
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    if unsigned == "Infinity" {
        return if s.starts_with('-') {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    // Rust also reads `inf`, `nan` and `1_0`; JavaScript reads digits only.
    if !unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        || !unsigned
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
    {
        return f64::NAN;
    }
    s.parse().unwrap_or(f64::NAN)
}

/// `Number.prototype.toString()`: the shortest digits that read back as
/// the same number, `1e+21` from 21 digits on, `1e-7` below a millionth.
pub fn number_to_string(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f == 0.0 {
        return "0".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if f < 0.0 {
        return format!("-{}", number_to_string(-f));
    }
    // `{:e}` gives the shortest round-trip digits: `1.2345e3`.
    let scientific = format!("{f:e}");
    let (mantissa, exponent) = scientific.split_once('e').unwrap_or((&scientific, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i32;
    let n = exponent.parse::<i32>().unwrap_or(0) + 1;
    if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let sign = if n - 1 < 0 { '-' } else { '+' };
        let (first, rest) = digits.split_at(1);
        let fraction = if rest.is_empty() {
            String::new()
        } else {
            format!(".{rest}")
        };
        format!("{first}{fraction}e{sign}{}", (n - 1).abs())
    }
}

/// A list or object turned into a string or number first (`ToPrimitive`).
fn primitive(value: &Value) -> Value {
    match classify(value) {
        Js::Array | Js::Object => Value::from(to_string(value)),
        _ => value.clone(),
    }
}

/// `a + b`: strings concatenate, anything else adds as numbers.
pub fn add(a: &Value, b: &Value) -> Value {
    let (a, b) = (primitive(a), primitive(b));
    if a.as_str().is_some() || b.as_str().is_some() {
        let mut s = to_string(&a);
        s.push_str(&to_string(&b));
        Value::from(s)
    } else {
        number(to_number(&a) + to_number(&b))
    }
}

/// `a ~ b`, which nunjucks compiles to `a + "" + b`.
pub fn concat(a: &Value, b: &Value) -> Value {
    let mut s = to_string(&primitive(a));
    s.push_str(&to_string(&primitive(b)));
    Value::from(s)
}

/// The arithmetic operators other than `+`.
#[derive(Clone, Copy)]
pub enum Arith {
    Sub,
    Mul,
    Div,
    /// `//`: nunjucks' `Math.floor(a / b)`.
    FloorDiv,
    /// `%`: the remainder has the dividend's sign.
    Rem,
    /// `**`: `Math.pow`.
    Pow,
}

pub fn arith(op: Arith, a: &Value, b: &Value) -> Value {
    let (x, y) = (to_number(a), to_number(b));
    number(match op {
        Arith::Sub => x - y,
        Arith::Mul => x * y,
        Arith::Div => x / y,
        Arith::FloorDiv => (x / y).floor(),
        Arith::Rem => x % y,
        // Math.pow(±1, ±Infinity) is NaN; Rust's powf gives 1.
        Arith::Pow if x.abs() == 1.0 && y.is_infinite() => f64::NAN,
        Arith::Pow => x.powf(y),
    })
}

pub fn negate(a: &Value) -> Value {
    number(-to_number(a))
}

/// Whether two lists or objects are the same one (JavaScript compares
/// them by identity: `values.tags == values.tags`, but `[1] == [1]` is
/// false). Lists and objects minijinja did not make from data compare by
/// their contents.
fn same_object(a: &Value, b: &Value) -> bool {
    type Map = indexmap::IndexMap<Value, Value>;
    if let (Some(x), Some(y)) = (
        a.downcast_object_ref::<Vec<Value>>(),
        b.downcast_object_ref::<Vec<Value>>(),
    ) {
        return std::ptr::eq(x, y);
    }
    if let (Some(x), Some(y)) = (
        a.downcast_object_ref::<Map>(),
        b.downcast_object_ref::<Map>(),
    ) {
        return std::ptr::eq(x, y);
    }
    a == b
}

/// `a == b`: JavaScript's loose equality (`1 == "1"`, `null == undefined`).
pub fn loose_eq(a: &Value, b: &Value) -> bool {
    match (classify(a), classify(b)) {
        (Js::Undefined | Js::Null, Js::Undefined | Js::Null) => true,
        (Js::Undefined | Js::Null, _) | (_, Js::Undefined | Js::Null) => false,
        (Js::Number(x), Js::Number(y)) => x == y,
        (Js::String(x), Js::String(y)) => x == y,
        (Js::Bool(x), Js::Bool(y)) => x == y,
        (Js::Array | Js::Object, Js::Array | Js::Object) => same_object(a, b),
        (Js::Bool(x), _) => loose_eq(&Value::from(u8::from(x)), b),
        (_, Js::Bool(y)) => loose_eq(a, &Value::from(u8::from(y))),
        (Js::Number(x), Js::String(s)) | (Js::String(s), Js::Number(x)) => x == string_to_number(s),
        (Js::Array | Js::Object, Js::Number(_) | Js::String(_)) => loose_eq(&primitive(a), b),
        (Js::Number(_) | Js::String(_), Js::Array | Js::Object) => loose_eq(a, &primitive(b)),
        _ => a == b,
    }
}

/// `a === b`: same type and value.
pub fn strict_eq(a: &Value, b: &Value) -> bool {
    match (classify(a), classify(b)) {
        (Js::Undefined, Js::Undefined) | (Js::Null, Js::Null) => true,
        (Js::Number(x), Js::Number(y)) => x == y,
        (Js::String(x), Js::String(y)) => x == y,
        (Js::Bool(x), Js::Bool(y)) => x == y,
        (Js::Array, Js::Array) | (Js::Object, Js::Object) => same_object(a, b),
        (Js::Other, Js::Other) => a == b,
        _ => false,
    }
}

/// The relational operators.
#[derive(Clone, Copy)]
pub enum Relation {
    Lt,
    Lte,
    Gt,
    Gte,
}

/// `a < b` and the others: two strings compare by UTF-16 code units,
/// anything else as numbers (false when either is `NaN`).
pub fn relation(op: Relation, a: &Value, b: &Value) -> bool {
    let (a, b) = (primitive(a), primitive(b));
    let order = match (a.as_str(), b.as_str()) {
        (Some(x), Some(y)) => Some(x.encode_utf16().cmp(y.encode_utf16())),
        _ => to_number(&a).partial_cmp(&to_number(&b)),
    };
    let Some(order) = order else {
        return false;
    };
    match op {
        Relation::Lt => order == Ordering::Less,
        Relation::Lte => order != Ordering::Greater,
        Relation::Gt => order == Ordering::Greater,
        Relation::Gte => order != Ordering::Less,
    }
}

/// Properties every JavaScript object has through `Object.prototype`
/// (`"toString" in values.meta` is true).
const OBJECT_PROTOTYPE: &[&str] = &[
    "constructor",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toLocaleString",
    "toString",
    "valueOf",
    "__proto__",
    "__defineGetter__",
    "__defineSetter__",
    "__lookupGetter__",
    "__lookupSetter__",
];

/// `key in container`, as nunjucks' `inOperator`: a list holds the item
/// (`===`), a string the substring, an object the key; anything else is an
/// error.
pub fn contains(key: &Value, container: &Value) -> Result<bool, Error> {
    match classify(container) {
        Js::Array => Ok(container
            .try_iter()
            .into_iter()
            .flatten()
            .any(|item| strict_eq(&item, key))),
        Js::String(s) => Ok(s.contains(to_string(key).as_str())),
        Js::Object => {
            let name = to_string(&primitive(key));
            Ok(!own(container, &name).is_undefined() || OBJECT_PROTOTYPE.contains(&name.as_str()))
        }
        _ => Err(Error::new(
            ErrorKind::InvalidOperation,
            format!(
                "Cannot use \"in\" operator to search for \"{}\" in {} (it searches lists, strings and objects)",
                to_string(key),
                describe(container)
            ),
        )),
    }
}

/// How an error names a value's type.
pub fn describe(value: &Value) -> &'static str {
    match classify(value) {
        Js::Undefined => "an undefined value",
        Js::Null => "null",
        Js::Bool(_) => "a boolean",
        Js::Number(_) => "a number",
        Js::String(_) => "a string",
        Js::Array => "a list",
        Js::Object => "an object",
        Js::Other => "a template value",
    }
}

/// An object's own property `name`, or undefined.
fn own(object: &Value, name: &str) -> Value {
    object
        .get_item(&Value::from(name))
        .unwrap_or(Value::UNDEFINED)
}

/// The array index a property key names (`1`, `"1"`), if it is one.
fn index(key: &Value) -> Option<usize> {
    if let Some(s) = key.as_str() {
        let canonical = !s.is_empty() && (s == "0" || !s.starts_with('0'));
        return canonical
            .then(|| s.parse::<u32>().ok())
            .flatten()
            .map(|i| i as usize);
    }
    let f = to_number(key);
    (key.kind() == ValueKind::Number && f >= 0.0 && f.fract() == 0.0 && f < 4_294_967_295.0)
        .then_some(f as usize)
}

/// `object[key]` and `object.key`, as nunjucks' `memberLookup`: undefined
/// and null have no properties (so `values.a.b.c` is undefined when `a` is
/// missing), strings and lists have `length` and indexes.
pub fn member(object: &Value, key: &Value) -> Value {
    match classify(object) {
        Js::Undefined | Js::Null | Js::Bool(_) | Js::Number(_) => Value::UNDEFINED,
        Js::String(s) => {
            let units = || s.encode_utf16();
            if key.as_str() == Some("length") {
                Value::from(units().count())
            } else if let Some(i) = index(key) {
                units().nth(i).map_or(Value::UNDEFINED, |u| {
                    Value::from(String::from_utf16_lossy(&[u]))
                })
            } else {
                Value::UNDEFINED
            }
        }
        Js::Array => {
            if key.as_str() == Some("length") {
                Value::from(object.len().unwrap_or(0))
            } else if let Some(i) = index(key) {
                object.get_item_by_index(i).unwrap_or(Value::UNDEFINED)
            } else {
                Value::UNDEFINED
            }
        }
        Js::Object => own(object, &to_string(&primitive(key))),
        Js::Other => object.get_item(key).unwrap_or(Value::UNDEFINED),
    }
}

/// An object's keys in JavaScript's order: integer keys ascending, then
/// the others in the order they were written.
pub fn keys(object: &Value) -> Vec<Value> {
    let mut integers = Vec::new();
    let mut names = Vec::new();
    for key in object.try_iter().into_iter().flatten() {
        let key = Value::from(to_string(&key));
        match index(&key) {
            Some(i) => integers.push((i, key)),
            None => names.push(key),
        }
    }
    integers.sort_by_key(|(i, _)| *i);
    integers.into_iter().map(|(_, k)| k).chain(names).collect()
}

/// What `{% for %}` walks, as nunjucks' compiled loop does. With one loop
/// variable (`names` 0): a list's items or a string's characters; an
/// object gives nothing (its `length` is undefined), so `{% else %}` runs.
/// With `names` variables: each list item's first `names` entries, or an
/// object's (or string's) keys and values.
pub fn iterate(value: &Value, names: usize) -> Result<Value, Error> {
    let js = classify(value);
    if names == 0 {
        return Ok(match js {
            Js::Array => value.clone(),
            Js::String(s) => Value::from(units(s)),
            _ => Value::from(Vec::<Value>::new()),
        });
    }
    if !truthy(value) {
        return Ok(Value::from(Vec::<Value>::new()));
    }
    let row = |first: Value, second: Value| {
        let mut row = vec![first, second];
        row.resize(names.max(2), Value::UNDEFINED);
        row.truncate(names);
        Value::from(row)
    };
    Ok(Value::from(match js {
        Js::Array => value
            .try_iter()
            .into_iter()
            .flatten()
            .map(|item| {
                if item.is_undefined() || item.is_none() {
                    return Err(Error::new(
                        ErrorKind::InvalidOperation,
                        format!(
                            "Cannot read properties of {} (reading '0'): a loop with {names} variables needs lists",
                            to_string(&item)
                        ),
                    ));
                }
                Ok(Value::from(
                    (0..names)
                        .map(|i| member(&item, &Value::from(i)))
                        .collect::<Vec<_>>(),
                ))
            })
            .collect::<Result<Vec<_>, _>>()?,
        Js::String(s) => units(s)
            .into_iter()
            .enumerate()
            .map(|(i, c)| row(Value::from(i.to_string()), c))
            .collect(),
        Js::Object => keys(value)
            .into_iter()
            .map(|k| {
                let v = own(value, k.as_str().unwrap_or_default());
                row(k, v)
            })
            .collect(),
        _ => Vec::new(),
    }))
}

/// `JSON.stringify(value, null, indent)`; `None` for undefined.
pub fn stringify(value: &Value, indent: &str) -> Option<String> {
    let mut out = String::new();
    write_json(value, indent, 0, &mut out).then_some(out)
}

fn write_json(value: &Value, indent: &str, depth: usize, out: &mut String) -> bool {
    let newline = |out: &mut String, depth: usize| {
        if !indent.is_empty() {
            out.push('\n');
            out.push_str(&indent.repeat(depth));
        }
    };
    match classify(value) {
        Js::Undefined | Js::Other => return false,
        Js::Null => out.push_str("null"),
        Js::Bool(b) => out.push_str(if b { "true" } else { "false" }),
        Js::Number(f) if f.is_finite() => out.push_str(&number_to_string(f)),
        Js::Number(_) => out.push_str("null"),
        Js::String(s) => out.push_str(&serde_json::to_string(s).unwrap_or_default()),
        Js::Array => {
            out.push('[');
            let mut empty = true;
            for (i, item) in value.try_iter().into_iter().flatten().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                newline(out, depth + 1);
                if !write_json(&item, indent, depth + 1, out) {
                    out.push_str("null");
                }
                empty = false;
            }
            if !empty {
                newline(out, depth);
            }
            out.push(']');
        }
        Js::Object => {
            out.push('{');
            let mut empty = true;
            for key in keys(value) {
                let name = key.as_str().unwrap_or_default();
                let mut entry = String::new();
                if !write_json(&own(value, name), indent, depth + 1, &mut entry) {
                    continue;
                }
                if !empty {
                    out.push(',');
                }
                newline(out, depth + 1);
                out.push_str(&serde_json::to_string(name).unwrap_or_default());
                out.push_str(if indent.is_empty() { ":" } else { ": " });
                out.push_str(&entry);
                empty = false;
            }
            if !empty {
                newline(out, depth);
            }
            out.push('}');
        }
    }
    true
}

/// A string's UTF-16 code units, each as a string (what `s[i]` gives).
fn units(s: &str) -> Vec<Value> {
    s.encode_utf16()
        .map(|u| Value::from(String::from_utf16_lossy(&[u])))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(x: impl Into<Value>) -> Value {
        x.into()
    }

    #[test]
    fn numbers_print_as_javascript_prints_them() {
        for (f, text) in [
            (1.0, "1"),
            (0.1 + 0.2, "0.30000000000000004"),
            (-0.0, "0"),
            (1e21, "1e+21"),
            (1e22, "1e+22"),
            (123456789012345680000.0, "123456789012345680000"),
            (12345678901234567890.0, "12345678901234567000"),
            (1e-7, "1e-7"),
            (0.000001, "0.000001"),
            (1.5e-10, "1.5e-10"),
            (2f64.powi(53) + 1.0, "9007199254740992"),
            (f64::INFINITY, "Infinity"),
            (f64::NEG_INFINITY, "-Infinity"),
            (f64::NAN, "NaN"),
            (-2.5, "-2.5"),
        ] {
            assert_eq!(number_to_string(f), text, "{f}");
        }
    }

    #[test]
    fn strings_read_as_numbers_as_javascript_reads_them() {
        for (s, n) in [
            ("1", 1.0),
            (" 2 ", 2.0),
            ("", 0.0),
            ("0x1f", 31.0),
            ("1e3", 1000.0),
        ] {
            assert_eq!(string_to_number(s), n, "{s}");
        }
        for s in ["a", "inf", "nan", "1_0", "1a", "0x"] {
            assert!(string_to_number(s).is_nan(), "{s}");
        }
        assert_eq!(string_to_number("-Infinity"), f64::NEG_INFINITY);
    }

    #[test]
    fn loose_and_strict_equality() {
        assert!(loose_eq(&v(1), &v("1")));
        assert!(loose_eq(&v(0), &v("")));
        assert!(loose_eq(&Value::from(()), &Value::UNDEFINED));
        assert!(!loose_eq(&Value::from(()), &v(0)));
        assert!(loose_eq(&v(true), &v("1")));
        assert!(loose_eq(&v(vec!["a", "b"]), &v("a,b")));
        assert!(!strict_eq(&v(1), &v("1")));
        assert!(strict_eq(&v(1), &v(1.0)));
    }

    #[test]
    fn object_keys_come_in_javascript_order() {
        let object = Value::from(minijinja::value::Serde(
            serde_json::json!({"z": 1, "2": 2, "a": 3, "1": 4, "01": 5}),
        ));
        let keys: Vec<String> = keys(&object).iter().map(to_string).collect();
        assert_eq!(keys, ["1", "2", "z", "a", "01"]);
    }
}
